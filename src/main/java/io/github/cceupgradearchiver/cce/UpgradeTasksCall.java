package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;

/**
 * The SDK's definition of ListAutopilotUpgradeClusterTasks (as in {@code CceMeta}), with a response model
 * that has no fields. The SDK still builds, signs and sends the request and classifies errors; it no longer
 * binds every task of the body to its models, which the archive would throw away: it keeps the raw body.
 */
final class UpgradeTasksCall {

    static final HttpRequestDef<ListAutopilotUpgradeClusterTasksRequest, Unbound> DEFINITION =
            HttpRequestDef.builder(HttpMethod.GET, ListAutopilotUpgradeClusterTasksRequest.class, Unbound.class)
                    .withName("ListAutopilotUpgradeClusterTasks")
                    .withUri("/autopilot/v3/projects/{project_id}/clusters/{cluster_id}/operation/upgrade/tasks")
                    .withContentType("application/json")
                    .<String>withRequestField("cluster_id", LocationType.Path, FieldExistence.NON_NULL_NON_EMPTY,
                            String.class, field -> field.withMarshaller(ListAutopilotUpgradeClusterTasksRequest::getClusterId,
                                    ListAutopilotUpgradeClusterTasksRequest::setClusterId))
                    .build();

    /** A response the SDK need not look into. */
    public static final class Unbound extends SdkResponse {
    }

    private UpgradeTasksCall() {
    }
}
