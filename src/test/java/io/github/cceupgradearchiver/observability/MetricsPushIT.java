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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run's metrics reach a Pushgateway (here a real HTTP server that records what it is sent). */
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
                    .contains("archiver_api_requests_seconds_count{outcome=\"OK\"} 1");
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
    void anUnreachableGatewayDoesNotFailTheRun() throws Exception {
        gateway.stop(0);

        Result result = archive("c-ok").run();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("could not push metrics to");
    }

    private ArchiverProcess archive(String... clusterIds) {
        ArchiverProcess process = ArchiverProcess.command("archive", "--archiver.api.endpoint=" + simulator.endpoint(),
                        "--archiver.metrics.pushgateway-url=http://127.0.0.1:" + gateway.getAddress().getPort())
                .env("CLOUD_SDK_AK", "M-AK").env("CLOUD_SDK_SK", "M-SK");
        for (int i = 0; i < clusterIds.length; i++) {
            process.args("--archiver.clusters[" + i + "].project-id=" + PROJECT, "--archiver.clusters[" + i + "].region=cn-north-4",
                    "--archiver.clusters[" + i + "].cluster-id=" + clusterIds[i]);
        }
        return process;
    }
}
