package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.cce.v3.model.ListAutopilotClustersRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.SdkSerializable;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;

/**
 * The SDK's definitions of the two calls the archive makes (as in {@code CceMeta}), with a response model that has
 * no fields. The SDK still builds and signs the requests ({@link BoundedHttpClient} sends them) and classifies
 * errors; it binds no task or cluster of a body to its models, which the archive would throw away: it keeps the raw
 * body. Binding a thousand clusters to the SDK's models cost more than half a second before the first cluster was
 * fetched.
 */
final class UnboundCalls {

    static final HttpRequestDef<ListAutopilotUpgradeClusterTasksRequest, Unbound> UPGRADE_TASKS =
            HttpRequestDef.builder(HttpMethod.GET, ListAutopilotUpgradeClusterTasksRequest.class, Unbound.class)
                    .withName("ListAutopilotUpgradeClusterTasks")
                    .withUri("/autopilot/v3/projects/{project_id}/clusters/{cluster_id}/operation/upgrade/tasks")
                    .withContentType("application/json")
                    .<String>withRequestField("cluster_id", LocationType.Path, FieldExistence.NON_NULL_NON_EMPTY,
                            String.class, field -> field.withMarshaller(ListAutopilotUpgradeClusterTasksRequest::getClusterId,
                                    ListAutopilotUpgradeClusterTasksRequest::setClusterId))
                    .build();

    // Discovery lists every cluster of the project: none of the call's optional filters is used.
    static final HttpRequestDef<ListAutopilotClustersRequest, Unbound> LIST_CLUSTERS =
            HttpRequestDef.builder(HttpMethod.GET, ListAutopilotClustersRequest.class, Unbound.class)
                    .withName("ListAutopilotClusters")
                    .withUri("/autopilot/v3/projects/{project_id}/clusters")
                    .withContentType("application/json")
                    .build();

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
