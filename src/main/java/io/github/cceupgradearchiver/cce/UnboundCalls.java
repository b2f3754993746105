package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.cce.v3.model.ListAutopilotClusterMasterSnapshotTasksRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotClustersRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotPreCheckTasksRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeWorkFlowsRequest;
import com.huaweicloud.sdk.cce.v3.model.ListClusterMasterSnapshotTasksRequest;
import com.huaweicloud.sdk.cce.v3.model.ListClustersRequest;
import com.huaweicloud.sdk.cce.v3.model.ListPreCheckTasksRequest;
import com.huaweicloud.sdk.cce.v3.model.ListUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.cce.v3.model.ListUpgradeWorkFlowsRequest;
import com.huaweicloud.sdk.cce.v3.model.ShowAutopilotClusterUpgradeInfoRequest;
import com.huaweicloud.sdk.cce.v3.model.ShowClusterUpgradeInfoRequest;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.SdkSerializable;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;
import io.github.cceupgradearchiver.config.ClusterFamily;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SDK's definitions of the calls the archive makes (as in {@code CceMeta}, with the SDK's request classes of each
 * family), with a response model that has no fields. The SDK still builds and signs the requests
 * ({@link BoundedHttpClient} sends them) and classifies errors; it binds no body to its models, which the archive
 * would throw away (and which type some evidence timestamps as {@code LocalDate}): it keeps the raw body. Binding a
 * thousand clusters to the SDK's models cost more than half a second before the first cluster was fetched.
 */
final class UnboundCalls {

    /** A call about one cluster: its definition and how to make its request for a cluster id. */
    record ClusterCall<R>(HttpRequestDef<R, Unbound> definition, Function<String, R> request) {
    }

    private static final Map<ClusterFamily, ClusterCall<?>> UPGRADE_TASKS = new EnumMap<>(ClusterFamily.class);
    private static final Map<ClusterFamily, Map<EvidenceKind, ClusterCall<?>>> EVIDENCE = new EnumMap<>(ClusterFamily.class);

    static {
        for (ClusterFamily family : ClusterFamily.values()) {
            UPGRADE_TASKS.put(family, defineUpgradeTasks(family));
            Map<EvidenceKind, ClusterCall<?>> calls = new EnumMap<>(EvidenceKind.class);
            for (EvidenceKind kind : EvidenceKind.values()) {
                calls.put(kind, defineEvidence(family, kind));
            }
            EVIDENCE.put(family, calls);
        }
    }

    static ClusterCall<?> upgradeTasks(ClusterFamily family) {
        return UPGRADE_TASKS.get(family);
    }

    static ClusterCall<?> evidence(ClusterFamily family, EvidenceKind kind) {
        return EVIDENCE.get(family).get(kind);
    }

    private static ClusterCall<?> defineUpgradeTasks(ClusterFamily family) {
        String uri = family.pathPrefix() + "/v3/projects/{project_id}/clusters/{cluster_id}/operation/upgrade/tasks";
        return family == ClusterFamily.AUTOPILOT
                ? clusterCall("ListAutopilotUpgradeClusterTasks", uri, ListAutopilotUpgradeClusterTasksRequest::new,
                        ListAutopilotUpgradeClusterTasksRequest::getClusterId, ListAutopilotUpgradeClusterTasksRequest::setClusterId)
                : clusterCall("ListUpgradeClusterTasks", uri, ListUpgradeClusterTasksRequest::new,
                        ListUpgradeClusterTasksRequest::getClusterId, ListUpgradeClusterTasksRequest::setClusterId);
    }

    private static ClusterCall<?> defineEvidence(ClusterFamily family, EvidenceKind kind) {
        String uri = family.pathPrefix() + kind.path();
        boolean autopilot = family == ClusterFamily.AUTOPILOT;
        return switch (kind) {
            case PRECHECK -> autopilot
                    ? clusterCall("ListAutopilotPreCheckTasks", uri, ListAutopilotPreCheckTasksRequest::new,
                            ListAutopilotPreCheckTasksRequest::getClusterId, ListAutopilotPreCheckTasksRequest::setClusterId)
                    : clusterCall("ListPreCheckTasks", uri, ListPreCheckTasksRequest::new,
                            ListPreCheckTasksRequest::getClusterId, ListPreCheckTasksRequest::setClusterId);
            case SNAPSHOT -> autopilot
                    ? clusterCall("ListAutopilotClusterMasterSnapshotTasks", uri, ListAutopilotClusterMasterSnapshotTasksRequest::new,
                            ListAutopilotClusterMasterSnapshotTasksRequest::getClusterId,
                            ListAutopilotClusterMasterSnapshotTasksRequest::setClusterId)
                    : clusterCall("ListClusterMasterSnapshotTasks", uri, ListClusterMasterSnapshotTasksRequest::new,
                            ListClusterMasterSnapshotTasksRequest::getClusterId, ListClusterMasterSnapshotTasksRequest::setClusterId);
            case WORKFLOW -> autopilot
                    ? clusterCall("ListAutopilotUpgradeWorkFlows", uri, ListAutopilotUpgradeWorkFlowsRequest::new,
                            ListAutopilotUpgradeWorkFlowsRequest::getClusterId, ListAutopilotUpgradeWorkFlowsRequest::setClusterId)
                    : clusterCall("ListUpgradeWorkFlows", uri, ListUpgradeWorkFlowsRequest::new,
                            ListUpgradeWorkFlowsRequest::getClusterId, ListUpgradeWorkFlowsRequest::setClusterId);
            case UPGRADE_INFO -> autopilot
                    ? clusterCall("ShowAutopilotClusterUpgradeInfo", uri, ShowAutopilotClusterUpgradeInfoRequest::new,
                            ShowAutopilotClusterUpgradeInfoRequest::getClusterId, ShowAutopilotClusterUpgradeInfoRequest::setClusterId)
                    : clusterCall("ShowClusterUpgradeInfo", uri, ShowClusterUpgradeInfoRequest::new,
                            ShowClusterUpgradeInfoRequest::getClusterId, ShowClusterUpgradeInfoRequest::setClusterId);
        };
    }

    // Discovery lists every cluster of the project: none of the call's optional filters is used.
    static final HttpRequestDef<ListAutopilotClustersRequest, Unbound> LIST_AUTOPILOT_CLUSTERS =
            HttpRequestDef.builder(HttpMethod.GET, ListAutopilotClustersRequest.class, Unbound.class)
                    .withName("ListAutopilotClusters")
                    .withUri("/autopilot/v3/projects/{project_id}/clusters")
                    .withContentType("application/json")
                    .build();

    static final HttpRequestDef<ListClustersRequest, Unbound> LIST_CLUSTERS =
            HttpRequestDef.builder(HttpMethod.GET, ListClustersRequest.class, Unbound.class)
                    .withName("ListClusters")
                    .withUri("/api/v3/projects/{project_id}/clusters")
                    .withContentType("application/json")
                    .build();

    @SuppressWarnings("unchecked")
    private static <R> ClusterCall<R> clusterCall(String name, String uri, Supplier<R> request,
                                                  Function<R, String> getter, BiConsumer<R, String> setter) {
        Class<R> type = (Class<R>) request.get().getClass();
        HttpRequestDef<R, Unbound> definition = HttpRequestDef.builder(HttpMethod.GET, type, Unbound.class)
                .withName(name)
                .withUri(uri)
                .withContentType("application/json")
                .<String>withRequestField("cluster_id", LocationType.Path, FieldExistence.NON_NULL_NON_EMPTY,
                        String.class, field -> field.withMarshaller(getter, setter))
                .build();
        return new ClusterCall<>(definition, clusterId -> {
            R r = request.get();
            setter.accept(r, clusterId);
            return r;
        });
    }

    /**
     * A response the SDK need not look into: being {@link SdkSerializable}, it is handed the body instead of the SDK
     * running Jackson over all of it to fill no field.
     */
    public static final class Unbound extends SdkResponse implements SdkSerializable<Unbound> {

        @Override
        public String serialize() {
            return "";
        }

        @Override
        public Unbound deserialize(String body) {
            return this;
        }
    }

    private UnboundCalls() {
    }
}
