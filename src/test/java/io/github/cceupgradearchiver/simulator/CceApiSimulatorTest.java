package io.github.cceupgradearchiver.simulator;

import static io.github.cceupgradearchiver.simulator.SdkSigning.AK;
import static io.github.cceupgradearchiver.simulator.SdkSigning.CREDENTIALS;
import static io.github.cceupgradearchiver.simulator.SdkSigning.PROJECT;
import static io.github.cceupgradearchiver.simulator.SdkSigning.send;
import static io.github.cceupgradearchiver.simulator.SdkSigning.tasksPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.core.exception.SdkException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CceApiSimulatorTest {

    private static final String LIST_ONE = "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":[]}";
    private static final String NUMERIC_PROGRESS = "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":["
            + "{\"kind\":\"UpgradeTask\",\"apiVersion\":\"v3\",\"metadata\":{\"uid\":\"u1\"},"
            + "\"status\":{\"phase\":\"Running\",\"progress\":55,\"completionTime\":\"\"}}]}";

    @Test
    void playsAClustersScriptInOrderAndRepeatsTheLastResponse() throws Exception {
        ScriptedFleet fleet = ScriptedFleet.builder()
                .cluster(PROJECT, "c1", "one", SimulatedResponse.serverError(), SimulatedResponse.throttled(2),
                        SimulatedResponse.ok(LIST_ONE), SimulatedResponse.ok(NUMERIC_PROGRESS))
                .build();
        try (CceApiSimulator simulator = start(fleet, FaultOptions.none())) {
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                responses.add(send(simulator, tasksPath("c1")));
            }

            assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(503, 429, 200, 200, 200);
            assertThat(responses.get(0).body())
                    .isEqualTo("{\"error_code\":\"CCE.01500001\",\"error_msg\":\"Internal server error\"}");
            assertThat(responses.get(1).headers().firstValue("Retry-After")).hasValue("2");
            assertThat(responses.get(2).body()).isEqualTo(LIST_ONE);
            assertThat(responses.get(3).body()).isEqualTo(NUMERIC_PROGRESS);
            assertThat(responses.get(4).body()).isEqualTo(NUMERIC_PROGRESS);
            assertThat(requests.taskRequests("c1")).isEqualTo(5);
            assertThat(requests.taskRequests("c2")).isZero();
        }
    }

    @Test
    void servesAClusterUnderItsFamilysPathsOnlyAsCceDoes() throws Exception {
        ScriptedFleet fleet = ScriptedFleet.builder()
                .cluster(PROJECT, "c-auto", "auto", SimulatedResponse.ok(LIST_ONE))
                .standard(PROJECT, "c-std", "std", SimulatedResponse.ok(LIST_ONE))
                .build();
        try (CceApiSimulator simulator = start(fleet, FaultOptions.none())) {
            String api = "/api/v3/projects/" + PROJECT + "/clusters/";

            assertThat(send(simulator, tasksPath("c-auto")).statusCode()).isEqualTo(200);
            assertThat(send(simulator, api + "c-auto/operation/upgrade/tasks").statusCode()).isEqualTo(404);
            assertThat(send(simulator, api + "c-std/operation/upgrade/tasks").statusCode()).isEqualTo(200);
            assertThat(send(simulator, tasksPath("c-std")).statusCode()).isEqualTo(404);
            assertThat(send(simulator, "/api/v3.1/projects/" + PROJECT + "/clusters/c-std/operation/snapshot/tasks").statusCode())
                    .isEqualTo(200);
            assertThat(send(simulator, api + "c-std/operation/snapshot/tasks").statusCode()).as("snapshots are v3.1 only")
                    .isEqualTo(404);
            assertThat(send(simulator, api + "c-std/upgradeinfo").statusCode()).isEqualTo(200);
            assertThat(send(simulator, "/autopilot/v3/projects/" + PROJECT + "/clusters/c-std/upgradeinfo").statusCode())
                    .isEqualTo(404);
            JsonNode standard = Json.MAPPER.readTree(send(simulator, "/api/v3/projects/" + PROJECT + "/clusters").body())
                    .path("items");
            assertThat(standard).hasSize(1);
            assertThat(standard.get(0).path("metadata").path("uid").asString()).isEqualTo("c-std");
        }
    }

    @Test
    void servesNumericProgressVerbatimWhichTheSdkModelRejects() {
        ScriptedFleet fleet = ScriptedFleet.builder()
                .cluster(PROJECT, "c1", "one", SimulatedResponse.ok(NUMERIC_PROGRESS)).build();
        try (CceApiSimulator simulator = start(fleet, FaultOptions.none())) {
            // The SDK declares progress a string and its strict deserializer refuses a number.
            assertThatThrownBy(() -> SdkSigning.client(simulator).listAutopilotUpgradeClusterTasks(
                    new ListAutopilotUpgradeClusterTasksRequest().withClusterId("c1")))
                    .isInstanceOf(SdkException.class);
        }
    }

    @Test
    void rejectedRequestsUseUpAnAttempt() throws Exception {
        ScriptedFleet fleet = ScriptedFleet.builder()
                .cluster(PROJECT, "c1", "one", SimulatedResponse.ok("first"), SimulatedResponse.ok("second")).build();
        try (CceApiSimulator simulator = start(fleet, FaultOptions.none())) {
            HttpResponse<String> rejected = send(simulator.endpoint(), tasksPath("c1"), AK, "wrong");
            HttpResponse<String> accepted = send(simulator, tasksPath("c1"));

            assertThat(rejected.statusCode()).isEqualTo(401);
            JsonNode error = Json.MAPPER.readTree(rejected.body());
            assertThat(error.get("error_code").asString()).isEqualTo("APIGW.0301");
            assertThat(error.get("error_msg").asString()).isEqualTo(
                    "Incorrect IAM authentication information: verify aksk signature fail");
            assertThat(error.get("request_id").asString()).isEqualTo(rejected.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat(accepted.body()).isEqualTo("second");
            assertThat(requests.taskRequests("c1")).isEqualTo(2);
        }
    }

    @Test
    void answersUnknownRoutesAndUnsignedRequestsLikeTheGateway() throws Exception {
        try (CceApiSimulator simulator = start(new GeneratedFleet(PROJECT, 1, 2, 1), FaultOptions.none())) {
            HttpResponse<String> unknown = send(simulator, "/v3/projects/" + PROJECT + "/clusters");
            HttpResponse<String> unsigned = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(simulator.endpoint() + tasksPath("x"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"error_code\":\"APIGW.0101\"");
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(unsigned.body()).contains("Authorization header not found", "\"error_code\":\"APIGW.0301\"");
            assertThat(List.of(unknown, unsigned)).allSatisfy(response -> {
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
                assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
            });
            assertThat(requests.taskRequests("x")).isEqualTo(1);
            assertThat(requests.total()).isEqualTo(2);
        }
    }

    @Test
    void injectsTheSameFaultsForTheSameRequests() throws Exception {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 50, 3, 1);
        FaultOptions faults = new FaultOptions(0.2, 0.1, 5, 0);
        List<Integer> first = statuses(fleet, faults);
        List<Integer> second = statuses(fleet, faults);

        assertThat(second).isEqualTo(first);
        assertThat(first.stream().filter(status -> status == 503).count()).isBetween(20L, 60L);
        assertThat(first.stream().filter(status -> status == 429).count()).isBetween(8L, 35L);
        assertThat(first.stream().filter(status -> status == 200).count()).isBetween(120L, 175L);
    }

    @Test
    void throttlesWithRetryAfterAndTheCamelCaseErrorShape() throws Exception {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 1, 3, 1);
        try (CceApiSimulator simulator = start(fleet, new FaultOptions(0, 1, 7, 0))) {
            HttpResponse<String> response = send(simulator, tasksPath(fleet.clusters(PROJECT).get(0).clusterId()));

            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(response.body())
                    .isEqualTo("{\"errorCode\":\"APIGW.0308\",\"errorMessage\":\"The throttling threshold has been reached\"}");
        }
    }

    @Test
    void garblesADeterministicShareOfCreationTimestamps() throws Exception {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 5, 100, 2);
        List<JsonNode> once = garbledItems(fleet, 0.1);
        List<JsonNode> again = garbledItems(fleet, 0.1);

        long garbled = once.stream().filter(item -> item.at("/metadata/creationTimestamp").asString().equals("yesterday-ish")).count();
        assertThat(again).isEqualTo(once);
        assertThat(garbled).isBetween(20L, 90L);
        assertThat(once).allSatisfy(item -> assertThat(item.at("/metadata/updateTimestamp").asString()).endsWith("+0800 CST"));
        assertThat(garbledItems(fleet, 1)).allSatisfy(
                item -> assertThat(item.at("/metadata/creationTimestamp").asString()).isEqualTo("yesterday-ish"));
    }

    @Test
    void servesConcurrentRequestsDespiteLatency() throws Exception {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 32, 5, 3);
        try (CceApiSimulator simulator = CceApiSimulator.start(fleet,
                new SimulatorOptions(0, CREDENTIALS, Duration.ofMillis(200), FaultOptions.none()))) {
            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> responses = fleet.clusters(PROJECT).stream()
                    .map(cluster -> CompletableFuture.supplyAsync(() -> sendUnchecked(simulator, tasksPath(cluster.clusterId()))))
                    .toList();
            List<Integer> statuses = responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(statuses).hasSize(32).containsOnly(200);
            assertThat(elapsed).isBetween(Duration.ofMillis(200), Duration.ofMillis(3000)); // serially: 6.4 s
        }
    }

    @Test
    void listensOnTheRequestedPortAndStopsPromptly() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        CceApiSimulator simulator = CceApiSimulator.start(new GeneratedFleet(PROJECT, 1, 2, 1),
                new SimulatorOptions(port, CREDENTIALS, Duration.ZERO, FaultOptions.none()));
        assertThat(simulator.port()).isEqualTo(port);
        assertThat(simulator.endpoint()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(send(simulator, "/autopilot/v3/projects/" + PROJECT + "/clusters").statusCode()).isEqualTo(200);

        long started = System.nanoTime();
        simulator.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    private List<Integer> statuses(GeneratedFleet fleet, FaultOptions faults) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (CceApiSimulator simulator = start(fleet, faults)) {
            for (SimulatedCluster cluster : fleet.clusters(PROJECT)) {
                for (int attempt = 1; attempt <= 4; attempt++) {
                    statuses.add(send(simulator, tasksPath(cluster.clusterId())).statusCode());
                }
            }
        }
        return statuses;
    }

    private List<JsonNode> garbledItems(GeneratedFleet fleet, double rate) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        try (CceApiSimulator simulator = start(fleet, new FaultOptions(0, 0, 0, rate))) {
            for (SimulatedCluster cluster : fleet.clusters(PROJECT)) {
                Json.MAPPER.readTree(send(simulator, tasksPath(cluster.clusterId())).body()).path("items").forEach(items::add);
            }
        }
        return items;
    }

    private static HttpResponse<String> sendUnchecked(CceApiSimulator simulator, String path) {
        try {
            return send(simulator, path);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private final RequestLog requests = new RequestLog();

    private CceApiSimulator start(Fleet fleet, FaultOptions faults) {
        return CceApiSimulator.start(fleet, new SimulatorOptions(0, CREDENTIALS, Duration.ZERO, faults), requests);
    }
}
