package io.github.cceupgradearchiver.simulator;

import static io.github.cceupgradearchiver.simulator.SdkSigning.AK;
import static io.github.cceupgradearchiver.simulator.SdkSigning.CREDENTIALS;
import static io.github.cceupgradearchiver.simulator.SdkSigning.PROJECT;
import static io.github.cceupgradearchiver.simulator.SdkSigning.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.huaweicloud.sdk.cce.v3.CceClient;
import com.huaweicloud.sdk.cce.v3.model.AutopilotCluster;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotClustersRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksResponse;
import com.huaweicloud.sdk.cce.v3.model.UpgradeTaskResponseBody;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The official SDK client against the simulator: signatures, paths and bodies must all be acceptable to it. */
class SdkRoundTripTest {

    private static final GeneratedFleet FLEET = new GeneratedFleet(PROJECT, 4, 2, 42);
    private static final String ODD_ID = "odd id~*'():@!$+,;=";
    private static final ScriptedFleet SCRIPTED = ScriptedFleet.builder()
            .cluster(PROJECT, ODD_ID, "odd", SimulatedResponse.ok(GeneratedFleet.EXAMPLE))
            .cluster(PROJECT, "down", "down", SimulatedResponse.serverError())
            .cluster(PROJECT, "busy", "busy", SimulatedResponse.throttled(3))
            .build();
    private static final RequestLog REQUESTS = new RequestLog();
    private static final RequestLog SCRIPTED_REQUESTS = new RequestLog();
    private static final CceApiSimulator SIMULATOR = CceApiSimulator.start(FLEET,
            new SimulatorOptions(0, CREDENTIALS, Duration.ZERO, FaultOptions.none()), REQUESTS);
    private static final CceApiSimulator SCRIPTED_SIMULATOR = CceApiSimulator.start(SCRIPTED,
            new SimulatorOptions(0, CREDENTIALS, Duration.ZERO, FaultOptions.none()), SCRIPTED_REQUESTS);

    @AfterAll
    static void stop() {
        SIMULATOR.close();
        SCRIPTED_SIMULATOR.close();
    }

    @Test
    void listsTheDocumentedExampleTasks() {
        String clusterId = FLEET.clusters(PROJECT).get(0).clusterId();

        ListAutopilotUpgradeClusterTasksResponse response = client(SIMULATOR)
                .listAutopilotUpgradeClusterTasks(new ListAutopilotUpgradeClusterTasksRequest().withClusterId(clusterId));

        assertThat(response.getHttpStatusCode()).isEqualTo(200);
        assertThat(response.getKind()).isEqualTo("List");
        assertThat(response.getItems()).extracting(task -> task.getMetadata().getUid())
                .containsExactly("f40cafed-7bf1-4c3b-b619-80113b4bbb18", "91755b96-5fd8-4a6a-bda1-983de9055996");
        UpgradeTaskResponseBody first = response.getItems().get(0);
        assertThat(first.getMetadata().getCreationTimestamp()).isEqualTo("2023-11-24 16:41:12.09236 +0800 CST");
        assertThat(first.getSpec().getVersion()).isEqualTo("v1.17.17-r0");
        assertThat(first.getSpec().getTargetVersion()).isEqualTo("v1.19.16-r80");
        assertThat(first.getStatus().getPhase()).isEqualTo("Success");
        assertThat(first.getStatus().getCompletionTime()).isEqualTo("2023-11-24 16:44:05.634206 +0800 CST");
        assertThat(REQUESTS.taskRequests(clusterId)).isEqualTo(1);
    }

    @Test
    void listsGeneratedTasksWithStringProgress() {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 3, 40, 7);
        try (CceApiSimulator simulator = CceApiSimulator.start(fleet,
                new SimulatorOptions(0, CREDENTIALS, Duration.ZERO, FaultOptions.none()))) {
            String clusterId = fleet.clusters(PROJECT).get(2).clusterId();

            var items = client(simulator)
                    .listAutopilotUpgradeClusterTasks(new ListAutopilotUpgradeClusterTasksRequest().withClusterId(clusterId))
                    .getItems();

            assertThat(items).hasSize(40).allSatisfy(task -> {
                assertThat(task.getKind()).isEqualTo("UpgradeTask");
                assertThat(task.getStatus().getProgress()).matches("\\d{1,3}");
            });
        }
    }

    @Test
    void listsClustersWithAndWithoutQueryParameters() {
        CceClient client = client(SIMULATOR);

        List<AutopilotCluster> plain = client.listAutopilotClusters(new ListAutopilotClustersRequest()).getItems();
        List<AutopilotCluster> filtered = client.listAutopilotClusters(new ListAutopilotClustersRequest()
                .withDetail("true").withStatus(ListAutopilotClustersRequest.StatusEnum.AVAILABLE)
                .withVersion("v1.28 beta*")).getItems();

        assertThat(plain).extracting(cluster -> cluster.getMetadata().getUid())
                .containsExactlyElementsOf(FLEET.clusters(PROJECT).stream().map(SimulatedCluster::clusterId).toList());
        assertThat(plain.get(0).getMetadata().getName()).isEqualTo(FLEET.clusters(PROJECT).get(0).name());
        assertThat(plain.get(0).getSpec().getVersion()).isEqualTo("v1.23");
        assertThat(plain.get(0).getStatus().getPhase()).isEqualTo("Available");
        assertThat(filtered).hasSameSizeAs(plain);
    }

    @Test
    void acceptsSignedPathsWithReservedCharacters() {
        var response = client(SCRIPTED_SIMULATOR)
                .listAutopilotUpgradeClusterTasks(new ListAutopilotUpgradeClusterTasksRequest().withClusterId(ODD_ID));

        assertThat(response.getItems()).hasSize(2);
        assertThat(SCRIPTED_REQUESTS.taskRequests(ODD_ID)).isEqualTo(1);
    }

    @Test
    void rejectsAWrongSecretKeyLikeTheGateway() {
        String clusterId = FLEET.clusters(PROJECT).get(1).clusterId();
        CceClient client = client(SIMULATOR, AK, "not-the-secret-key");

        ClientRequestException error = catchThrowableOfType(ClientRequestException.class, () -> client
                .listAutopilotUpgradeClusterTasks(new ListAutopilotUpgradeClusterTasksRequest().withClusterId(clusterId)));

        assertThat(error.getHttpStatusCode()).isEqualTo(401);
        assertThat(error.getErrorCode()).isEqualTo("APIGW.0301");
        assertThat(error.getErrorMsg()).startsWith("Incorrect IAM authentication information: ");
        assertThat(error.getRequestId()).matches("[0-9a-f]{32}");
        assertThat(REQUESTS.taskRequests(clusterId)).isEqualTo(1);
    }

    @Test
    void rejectsAnUnknownAccessKey() {
        ClientRequestException error = catchThrowableOfType(ClientRequestException.class,
                () -> client(SIMULATOR, "UNKNOWNAK", SdkSigning.SK).listAutopilotClusters(new ListAutopilotClustersRequest()));

        assertThat(error.getHttpStatusCode()).isEqualTo(401);
        assertThat(error.getErrorCode()).isEqualTo("APIGW.0301");
    }

    @Test
    void answersAnUnknownClusterWithCceNotFound() {
        ClientRequestException error = catchThrowableOfType(ClientRequestException.class, () -> client(SIMULATOR)
                .listAutopilotUpgradeClusterTasks(new ListAutopilotUpgradeClusterTasksRequest().withClusterId("nope")));

        assertThat(error.getHttpStatusCode()).isEqualTo(404);
        assertThat(error.getErrorCode()).isEqualTo("CCE.01404001");
        assertThat(error.getErrorMsg()).isEqualTo("Resource not found: cluster nope");
    }

    @Test
    void surfacesServerErrorsAndThrottlingAsSdkExceptions() {
        CceClient client = client(SCRIPTED_SIMULATOR);

        ServerResponseException down = catchThrowableOfType(ServerResponseException.class, () -> client
                .listAutopilotUpgradeClusterTasks(new ListAutopilotUpgradeClusterTasksRequest().withClusterId("down")));
        ClientRequestException busy = catchThrowableOfType(ClientRequestException.class, () -> client
                .listAutopilotUpgradeClusterTasks(new ListAutopilotUpgradeClusterTasksRequest().withClusterId("busy")));

        assertThat(down.getHttpStatusCode()).isEqualTo(503);
        assertThat(down.getErrorCode()).isEqualTo("CCE.01500001");
        assertThat(busy.getHttpStatusCode()).isEqualTo(429);
        // The SDK only understands the snake_case shape: for the camelCase one it keeps the raw body as the message.
        assertThat(busy.getErrorCode()).isNull();
        assertThat(busy.getErrorMsg()).contains("\"errorCode\":\"APIGW.0308\"");
    }
}
