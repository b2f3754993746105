package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.report.ReportFleet;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code report} of the packaged jar, run as an auditor would, over the archive of {@link ReportFleet} that two
 * runs of {@code archive} built; each format once, then every kind of bad usage.
 */
class ReportCommandIT {

    static final ReportFleet FLEET = new ReportFleet();
    static final Pattern SHA256 = Pattern.compile("report: sha256 ([0-9a-f]{64})");
    static final Pattern HEAD = Pattern.compile("report: head digest ([0-9a-f]{64}) \\(archive intact\\)");

    static CceApiSimulator api;

    @TempDir
    static Path dir;

    @BeforeAll
    static void archiveTheFleetTwice() throws Exception {
        api = CceApiSimulator.start(FLEET,
                new SimulatorOptions(0, Map.of(ReportFleet.AK, ReportFleet.SK), Duration.ZERO, FaultOptions.none()));
        Path config = Files.writeString(dir.resolve("application.yml"), ReportFleet.configuration(api.endpoint()));
        ArchiveDatabase.reset();
        for (int round = 1; round <= 2; round++) {
            FLEET.round(round);
            Result run = ArchiverProcess.command("archive", "--spring.config.additional-location=" + config)
                    .env("CLOUD_SDK_AK", ReportFleet.AK).env("CLOUD_SDK_SK", ReportFleet.SK).run();
            assertThat(run.exitCode()).as("c-gone answers 404: " + run.output()).isEqualTo(3);
        }
        try (Connection connection = TestPostgres.connect(); Statement sql = connection.createStatement()) {
            sql.execute(ReportFleet.HISTORY);
        }
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    void writesTheHtmlReportAndPrintsItsSha256AndTheHeadDigest() throws Exception {
        // given
        Path html = dir.resolve("q1.html");

        // when
        Result result = report("--from", "2024-01-01", "--to", "2024-03-31", "--format", "html", "--output", html.toString());

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("report: " + html + " written (html, 2024-01-01 to 2024-03-31 in UTC: "
                + "6 upgrades of 4 clusters, 2 failed, 1 stuck)");
        assertThat(printed(SHA256, result)).isEqualTo(sha256(html));
        assertThat(printed(HEAD, result)).isEqualTo(headDigest());
        assertThat(Files.readString(html)).contains("Upgrade report 2024-01-01 to 2024-03-31", headDigest(),
                "&lt;script&gt;alert(1)&lt;/script&gt;", "cce-upgrade-archiver 0.1.0-SNAPSHOT")
                .doesNotContain("<script");
    }

    @Test
    void writesThePdfReport() throws Exception {
        // given
        Path pdf = dir.resolve("q1.pdf");

        // when
        Result result = report("--from", "2024-01-01", "--to", "2024-03-31", "--format", "pdf", "--output", pdf.toString(),
                "--zone", "Asia/Shanghai");

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllBytes(pdf)).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
        assertThat(printed(SHA256, result)).isEqualTo(sha256(pdf));
        assertThat(result.output()).contains("2024-01-01 to 2024-03-31 in Asia/Shanghai: 6 upgrades of 4 clusters")
                .doesNotContain("WARN", "ERROR");
    }

    @Test
    void writesTheCsvOfTheChosenClustersForDaysOfChinaStandardTime() throws Exception {
        // given
        Path csv = dir.resolve("staging.csv");

        // when
        Result result = report("--from", "2024-01-01", "--to", "2024-03-31", "--format", "csv", "--output", csv.toString(),
                "--zone", "Asia/Shanghai", "--cluster", "c-staging", "--cluster", "c-gone");

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readString(csv).lines().map(line -> line.split(",")[0]))
                .containsExactly("\uFEFFtask_id", "s-0", "s-1");
        assertThat(printed(SHA256, result)).isEqualTo(sha256(csv));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --from after --to   | --from 2024-05-02 --to 2024-05-01 --format html     | --from 2024-05-02 is after --to 2024-05-01
            impossible date     | --from 2024-02-30 --to 2024-03-31 --format html     | Invalid value for option '--from': '2024-02-30' is not a date: Invalid date 'FEBRUARY 30'
            not a date          | --from 2024-01-01 --to yesterday --format html      | Invalid value for option '--to': 'yesterday' is not a date: expected YYYY-MM-DD
            unknown format      | --from 2024-01-01 --to 2024-03-31 --format xls      | Invalid value for option '--format': unknown format 'xls': use one of html, pdf, csv
            unknown zone        | --from 2024-01-01 --to 2024-03-31 --format csv --zone Mars/Olympus | Invalid value for option '--zone': 'Mars/Olympus' is not a time zone
            missing option      | --from 2024-01-01 --format html                     | Missing required option: '--to=DATE'
            unknown cluster id  | --from 2024-01-01 --to 2024-03-31 --format html --cluster c-payments --cluster c-nope | --cluster: unknown cluster id 'c-nope'
            """)
    void badUsageExitsTwoNamingTheProblemAndWritesNothing(String problem, String arguments, String message) throws Exception {
        // given
        Path output = dir.resolve("bad-usage.out");

        // when
        Result result = report(List.of(arguments.split(" ")), output);

        // then
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains(message);
        assertThat(output).doesNotExist();
    }

    @Test
    void anUnwritableOutputExitsTwoBeforeReadingTheArchive() throws Exception {
        // when
        Result missingDirectory = report("--from", "2024-01-01", "--to", "2024-01-31", "--format", "html",
                "--output", "/nonexistent-" + System.nanoTime() + "/report.html");
        Result directory = report("--from", "2024-01-01", "--to", "2024-01-31", "--format", "html",
                "--output", dir.toString());

        // then
        assertThat(missingDirectory.exitCode()).as(missingDirectory.output()).isEqualTo(2);
        assertThat(missingDirectory.output()).contains("report.html cannot be written: the directory /nonexistent-")
                .contains("does not exist");
        assertThat(directory.exitCode()).as(directory.output()).isEqualTo(2);
        assertThat(directory.output()).contains("--output " + dir + " is a directory, not a file");
    }

    @Test
    void printsHelpWithoutADatabase() throws Exception {
        Result help = ArchiverProcess.command("report", "--help").withoutTestDatabase().run();

        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: cce-upgrade-archiver report", "--from=DATE", "--to=DATE",
                "--cluster=ID", "--format=html|pdf|csv", "--output=FILE", "--zone=ZONE", "Exit codes");
    }

    @Test
    void writesTheReportOfAnAlteredArchiveAndExitsFive() throws Exception {
        // given: a copy of the archive whose upgrade changed its phase after the fact (as superuser, triggers off)
        String copy = TestPostgres.database() + "_altered";
        try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + copy + " TEMPLATE " + TestPostgres.database());
        }
        try {
            try (Connection connection = TestPostgres.connect(copy); Statement sql = connection.createStatement()) {
                sql.execute("SET session_replication_role = replica");
                sql.execute("UPDATE upgrade_history.upgrade_task SET phase = 'Success' WHERE phase IS DISTINCT FROM 'Success' "
                        + "AND task_id = (SELECT min(task_id) FROM upgrade_history.upgrade_task WHERE phase IS DISTINCT FROM 'Success')");
            }
            Path html = dir.resolve("altered.html");

            // when
            Result result = ArchiverProcess.command("report", "--from", "2024-01-01", "--to", "2024-03-31", "--format", "html",
                            "--output", html.toString(), "--spring.datasource.url=" + TestPostgres.url(copy),
                            "--spring.datasource.username=" + TestPostgres.user(),
                            "--spring.datasource.password=" + TestPostgres.password())
                    .withoutTestDatabase().run();

            // then: written, saying so, and exit 5
            assertThat(result.exitCode()).as(result.output()).isEqualTo(5);
            assertThat(result.output()).contains("ARCHIVE ALTERED");
            assertThat(Files.readString(html)).contains("ARCHIVE ALTERED");
        } finally {
            try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + copy + " WITH (FORCE)");
            }
        }
    }

    private static Result report(String... arguments) throws Exception {
        return ArchiverProcess.command("report").args(arguments).run();
    }

    private static Result report(List<String> arguments, Path output) throws Exception {
        return ArchiverProcess.command("report").args(arguments.toArray(String[]::new))
                .args("--output", output.toString()).run();
    }

    private static String printed(Pattern pattern, Result result) {
        Matcher matcher = pattern.matcher(result.output());
        assertThat(matcher.find()).as(result.output()).isTrue();
        return matcher.group(1);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String headDigest() throws Exception {
        try (Connection connection = TestPostgres.connect(); Statement sql = connection.createStatement();
             ResultSet head = sql.executeQuery("SELECT digest FROM upgrade_history.archive_seal ORDER BY seal_id DESC LIMIT 1")) {
            assertThat(head.next()).isTrue();
            return head.getString(1);
        }
    }

}
