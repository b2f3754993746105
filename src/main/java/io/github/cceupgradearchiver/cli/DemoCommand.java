package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.archive.ArchiveService;
import io.github.cceupgradearchiver.archive.RunSummary;
import io.github.cceupgradearchiver.history.Verification;
import io.github.cceupgradearchiver.report.ReportFormat;
import io.github.cceupgradearchiver.report.ReportPeriod;
import io.github.cceupgradearchiver.report.ReportRequest;
import io.github.cceupgradearchiver.report.ReportWriter;
import io.github.cceupgradearchiver.report.WrittenReport;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.GeneratedFleet;
import io.github.cceupgradearchiver.simulator.ProjectFleets;
import io.github.cceupgradearchiver.simulator.SimulatedAccount;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Try-out on one machine, no cloud account needed: starts the built-in API simulator, archives",
                "its fleet into PostgreSQL, verifies the archive, writes an HTML report of its whole history",
                "(archiver-demo-report.html) and prints how to look at the data.",
                "Without --spring.datasource.url it uses the local server on localhost:5432 as user postgres",
                "and creates the database archiver_demo. Run it twice: the second run writes nothing new."},
        footer = {"", "Exit codes: 0 success, 1 failed (for example no PostgreSQL), 2 bad usage, 3 some clusters failed,",
                "4 another run holds the archive lock, 5 verify found the archive altered."})
final class DemoCommand implements Callable<Integer> {

    private static final String AK = "demo-ak";
    private static final String SK = "demo-sk";
    // A second account, with keys of its own that read only its own project.
    private static final String RETAIL_PROJECT = "1b2c3d4e5f60718293a4b5c6d7e8f9a0";
    private static final String RETAIL_AK = "demo-retail-ak";
    private static final String RETAIL_SK = "demo-retail-sk";
    private static final String DEMO_DATABASE = "archiver_demo";
    private static final String LOCAL_SERVER = "jdbc:postgresql://localhost:5432/";

    @CommandLine.Mixin
    SpringOptions spring = new SpringOptions();

    @Option(names = "--clusters", defaultValue = "12", description = "clusters in the simulated fleet (default ${DEFAULT-VALUE})")
    int clusters;

    @Option(names = "--tasks", defaultValue = "8", description = "upgrade tasks per cluster (default ${DEFAULT-VALUE})")
    int tasks;

    @Override
    public Integer call() {
        List<String> springArgs = spring.arguments();
        PrintWriter out = spring.spec.commandLine().getOut();
        // A few throttled answers and unreadable items show retries and quarantine at work. A third of the clusters
        // belong to a second account, whose keys read only its project: each account signs for its own.
        var options = new SimulatorOptions(0, Map.of(), Duration.ofMillis(20), new FaultOptions(0, 0.05, 1, 0.01))
                .withAccounts(List.of(
                        SimulatedAccount.withKeys("central", AK, SK, Set.of(SimulateCommand.DEFAULT_PROJECT)),
                        SimulatedAccount.withKeys("retail", RETAIL_AK, RETAIL_SK, Set.of(RETAIL_PROJECT))),
                        Duration.ofHours(1));
        int retailClusters = clusters / 3;
        var fleet = new ProjectFleets(Map.of(
                SimulateCommand.DEFAULT_PROJECT, new GeneratedFleet(SimulateCommand.DEFAULT_PROJECT, clusters - retailClusters, tasks, 1, true),
                RETAIL_PROJECT, new GeneratedFleet(RETAIL_PROJECT, retailClusters, tasks, 2, true)));
        try (CceApiSimulator simulator = CceApiSimulator.start(fleet, options)) {
            List<String> args = new ArrayList<>(List.of(
                    "--archiver.api.endpoint=" + simulator.endpoint(),
                    "--archiver.discovery[0].project-id=" + SimulateCommand.DEFAULT_PROJECT,
                    "--archiver.discovery[0].region=cn-north-4",
                    "--archiver.discovery[1].project-id=" + RETAIL_PROJECT,
                    "--archiver.discovery[1].region=cn-north-4",
                    "--archiver.discovery[1].account=retail",
                    "--archiver.accounts[0].name=retail",
                    "--archiver.accounts[0].access-key=" + RETAIL_AK, "--archiver.accounts[0].secret-key=" + RETAIL_SK,
                    "--CLOUD_SDK_AK=" + AK, "--CLOUD_SDK_SK=" + SK));
            boolean ownDatabase = springArgs.stream().noneMatch(arg -> arg.startsWith("--spring.datasource.url"))
                    && System.getenv("SPRING_DATASOURCE_URL") == null;
            if (ownDatabase) {
                if (!createLocalDatabase(out)) {
                    return ExitCodes.FAILED;
                }
                args.add("--spring.datasource.url=" + LOCAL_SERVER + DEMO_DATABASE);
                args.add("--spring.datasource.username=postgres");
            }
            args.addAll(springArgs);
            out.printf("Simulator on %s: %d clusters x %d tasks in two accounts (default, retail); archiving into %s%n",
                    simulator.endpoint(), clusters, tasks,
                    ownDatabase ? LOCAL_SERVER + DEMO_DATABASE : "the configured database");
            out.flush();
            return SpringCommand.run("demo", args, context -> {
                RunSummary summary = context.getBean(ArchiveService.class).archive();
                ReportWriter reports = context.getBean(ReportWriter.class);
                // The report verifies the archive in the snapshot it reads: its verdict is verify's.
                WrittenReport report = reports.write(reportOfAllHistory(reports));
                Verification verification = report.verification();
                out.println();
                out.println(summary.describe());
                out.println("verify: " + verification.describe());
                out.println("report: " + report.output() + " (" + report.upgrades() + " upgrades of " + report.clusters()
                        + " clusters; open it in a browser), sha256 " + report.sha256());
                out.println();
                out.println("Look at the data:");
                out.println("  psql -h localhost -U postgres " + (ownDatabase ? DEMO_DATABASE : "<database>")
                        + " -c 'SELECT cluster_id, task_id, source_version, target_version, phase, duration_seconds "
                        + "FROM upgrade_history.upgrade_task ORDER BY created_at DESC LIMIT 10'");
                out.println("  psql -h localhost -U postgres " + (ownDatabase ? DEMO_DATABASE : "<database>")
                        + " -c 'SELECT family, cluster_id, task_id, target_version, precheck_phase, precheck_link,"
                        + " snapshot_phase, snapshot_link FROM upgrade_history.v_upgrade_evidence ORDER BY created_at DESC LIMIT 10'");
                out.println("  psql -h localhost -U postgres " + (ownDatabase ? DEMO_DATABASE : "<database>")
                        + " -c 'SELECT account, count(*) FROM upgrade_history.cluster_fetch GROUP BY account'");
                out.println("  ... and upgrade_history.upgrade_task_revision, precheck_task, snapshot_task, upgrade_workflow,"
                        + " cluster_upgrade_info, evidence_revision, archive_run, cluster_fetch, evidence_fetch, rejected_task,"
                        + " archive_seal");
                out.println("Check the archive yourself: java -jar target/cce-upgrade-archiver.jar verify"
                        + (ownDatabase ? " --spring.datasource.url=" + LOCAL_SERVER + DEMO_DATABASE : ""));
                out.flush();
                return verification.intact() ? summary.exitCode() : ExitCodes.ALTERED;
            });
        }
    }

    /** An HTML report from the first archived upgrade to today, in the current directory if it is writable. */
    private static ReportRequest reportOfAllHistory(ReportWriter reports) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = reports.firstArchivedDay(ZoneOffset.UTC).orElse(today);
        Path directory = Files.isWritable(Path.of("")) ? Path.of("") : Path.of(System.getProperty("java.io.tmpdir"));
        return new ReportRequest(new ReportPeriod(first, today, ZoneOffset.UTC), List.of(), ReportFormat.HTML,
                directory.resolve("archiver-demo-report.html").toAbsolutePath(), Cli.version());
    }

    /** Creates archiver_demo on the local server if it is missing; says how to get a server when there is none. */
    private static boolean createLocalDatabase(PrintWriter out) {
        try (Connection connection = DriverManager.getConnection(LOCAL_SERVER + "postgres", "postgres", "")) {
            boolean exists;
            try (var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                statement.setString(1, DEMO_DATABASE);
                exists = statement.executeQuery().next();
            }
            if (!exists) {
                connection.createStatement().execute("CREATE DATABASE " + DEMO_DATABASE);
            }
            return true;
        } catch (SQLException e) {
            out.println("demo: cannot use PostgreSQL on localhost:5432 as user postgres: " + e.getMessage());
            out.println("Start one (for example: docker compose up -d db, or your distribution's postgresql service),");
            out.println("or point the demo at another: --spring.datasource.url=jdbc:postgresql://HOST:5432/DB "
                    + "--spring.datasource.username=USER --spring.datasource.password=...");
            out.flush();
            return false;
        }
    }
}
