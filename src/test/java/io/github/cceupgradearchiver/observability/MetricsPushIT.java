package io.github.cceupgradearchiver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics of runs and of verify reach a Pushgateway (here a real HTTP server that records what it is sent). */
class MetricsPushIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    record Push(String method, String path, String body) {
    }

    final List<Push> pushes = new CopyOnWriteArrayList<>();
    HttpServer gateway;
    CceApiSimulator simulator;

    @BeforeEach
    void startGatewayAndApi() throws Exception {
        ArchiveDatabase.reset();
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            pushes.add(new Push(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        gateway.start();
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(PROJECT, "c-ok", "prod", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                        .cluster(PROJECT, "c-gone", "gone", SimulatedResponse.notFound("c-gone"))
                        .build(),
                new SimulatorOptions(0, Map.of("M-AK", "M-SK"), Duration.ZERO, FaultOptions.none()));
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
        simulator.close();
    }

    @Test
    void aSuccessfulRunPushesItsOutcomeAndALastSuccessTimestamp() throws Exception {
        Result result = archive("c-ok").run();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.method()).isEqualTo("POST");
            assertThat(push.path()).isEqualTo("/metrics/job/cce-upgrade-archiver");
            assertThat(push.body())
                    .contains("archiver_run_clusters{outcome=\"ok\"} 1")
                    .contains("archiver_run_tasks{kind=\"inserted\"} 2")
                    .contains("archiver_run_exit_code 0")
                    .contains("archiver_run_last_success_timestamp_seconds")
                    // its task list and the four kinds of its evidence
                    .contains("archiver_api_requests_seconds_count{outcome=\"OK\"} 5");
        });
    }

    @Test
    void aPartialRunPushesItsOutcomeButNoSuccessTimestamp() throws Exception {
        Result result = archive("c-ok", "c-gone").run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
        assertThat(pushes).singleElement().satisfies(push -> assertThat(push.body())
                .contains("archiver_run_clusters{outcome=\"failed\"} 1")
                .contains("archiver_run_exit_code 3")
                .contains("archiver_api_requests_seconds_count{outcome=\"NOT_FOUND\"} 1")
                .doesNotContain("archiver_run_last_success_timestamp_seconds"));
    }

    @Test
    void aClusterFailingRunAfterRunIsCountedInTheFailureStreaks() throws Exception {
        // when
        Result first = archive("c-ok", "c-gone").run();
        Result second = archive("c-ok", "c-gone").run();

        // then
        assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
        assertThat(second.exitCode()).as(second.output()).isEqualTo(3);
        assertThat(pushes).hasSize(2);
        assertThat(pushes.get(0).body())
                .contains("archiver_run_clusters_failed_consecutive_runs{at_least=\"1\"} 1")
                .contains("archiver_run_clusters_failed_consecutive_runs{at_least=\"2\"} 0")
                .contains("archiver_run_longest_failure_streak_runs 1");
        assertThat(pushes.get(1).body())
                .contains("archiver_run_clusters_failed_consecutive_runs{at_least=\"2\"} 1")
                .contains("archiver_run_clusters_failed_consecutive_runs{at_least=\"3\"} 0")
                .contains("archiver_run_clusters_failed_consecutive_runs{at_least=\"7\"} 0")
                .contains("archiver_run_longest_failure_streak_runs 2");
    }

    @Test
    void verifyPushesItsExitCodeAndWhenItFoundTheArchiveIntactToAGroupOfItsOwn() throws Exception {
        // given
        assertThat(archive("c-ok").run().exitCode()).isZero();
        pushes.clear();

        // when
        Result result = withGateway(ArchiverProcess.command("verify")).run();

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.method()).isEqualTo("POST");
            assertThat(push.path()).isEqualTo("/metrics/job/cce-upgrade-archiver/command/verify");
            assertThat(push.body()).contains("archiver_verify_exit_code 0")
                    .contains("archiver_verify_last_run_timestamp_seconds")
                    .contains("archiver_verify_last_intact_timestamp_seconds")
                    .doesNotContain("archiver_run_", "archiver_api_");
        });
    }

    @Test
    void verifyAndReportOfAnAlteredArchivePushExitCodeFiveAndNoIntactTimestamp() throws Exception {
        // given
        assertThat(archive("c-ok").run().exitCode()).isZero();
        pushes.clear();
        try (Connection connection = TestPostgres.connect(); Statement sql = connection.createStatement()) {
            sql.execute("UPDATE upgrade_history.upgrade_task SET phase = 'Failed'");
        }

        // when
        Result verify = withGateway(ArchiverProcess.command("verify")).run();
        Result report = withGateway(ArchiverProcess.command("report", "--from", "2023-01-01", "--to", "2023-12-31",
                "--format", "csv", "--output", Files.createTempFile("report-", ".csv").toString())).run();

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(report.exitCode()).as(report.output()).isEqualTo(5);
        assertThat(pushes).extracting(Push::path).containsExactly(
                "/metrics/job/cce-upgrade-archiver/command/verify", "/metrics/job/cce-upgrade-archiver/command/report");
        assertThat(pushes).allSatisfy(push -> assertThat(push.body()).contains("archiver_verify_exit_code 5")
                .contains("archiver_verify_last_run_timestamp_seconds")
                .doesNotContain("archiver_verify_last_intact_timestamp_seconds"));
    }

    @Test
    void everyMetricTheAlertRulesUseIsPushed() throws Exception {
        // given
        Matcher metric = Pattern.compile("archiver_[a-z_]+").matcher(Files.readString(AlertRulesTest.RULES));
        Set<String> used = new TreeSet<>();
        while (metric.find()) {
            used.add(metric.group());
        }

        // when
        assertThat(archive("c-ok").run().exitCode()).isZero();
        assertThat(withGateway(ArchiverProcess.command("verify")).run().exitCode()).isZero();

        // then
        String pushed = String.join("\n", pushes.stream().map(Push::body).toList());
        assertThat(used).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(name -> assertThat(pushed).as(name).containsPattern("(?m)^" + name + "[ {]"));
    }

    @Test
    void anUnreachableGatewayDoesNotFailTheRun() throws Exception {
        gateway.stop(0);

        Result result = archive("c-ok").run();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("could not push metrics to");
    }

    private ArchiverProcess withGateway(ArchiverProcess process) {
        return process.args("--archiver.metrics.pushgateway-url=http://127.0.0.1:" + gateway.getAddress().getPort());
    }

    private ArchiverProcess archive(String... clusterIds) {
        ArchiverProcess process = withGateway(ArchiverProcess.command("archive", "--archiver.api.endpoint=" + simulator.endpoint()))
                .env("CLOUD_SDK_AK", "M-AK").env("CLOUD_SDK_SK", "M-SK");
        for (int i = 0; i < clusterIds.length; i++) {
            process.args("--archiver.clusters[" + i + "].project-id=" + PROJECT, "--archiver.clusters[" + i + "].region=cn-north-4",
                    "--archiver.clusters[" + i + "].cluster-id=" + clusterIds[i]);
        }
        return process;
    }
}
