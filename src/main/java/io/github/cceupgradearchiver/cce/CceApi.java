package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.cce.v3.model.ListAutopilotClustersRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.text.Failures;
import io.github.cceupgradearchiver.text.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Calls the CCE Autopilot API through the official SDK, which signs every request with AK/SK, and through the
 * {@link CallPolicy}, which every call obeys.
 * <p>
 * The SDK's models drop unknown fields and throw on a type they do not expect (a numeric {@code progress}), so
 * {@link UnboundCalls} gives the SDK a response without fields: it signs, sends and classifies errors but never parses
 * a body. The body, read within bounds by {@link BoundedHttpClient}, is what the archive keeps.
 */
public class CceApi {

    /** How much of an invalid discovered id a failure row shows. */
    private static final int SHOWN_ID_CHARS = 80;

    private final Supplier<CloudCredentials> credentials;
    private final ApiProperties api;
    private final CallPolicy policy;
    private final Clock clock;
    private final BoundedHttpClient http;
    private final ConcurrentMap<String, HcClient> clients = new ConcurrentHashMap<>();

    /** Credentials are resolved on first use, so commands that never call the API do not need them. */
    public CceApi(Supplier<CloudCredentials> credentials, ApiProperties api, CallPolicy policy, Clock clock) {
        this.credentials = SingletonSupplier.of(credentials);
        this.api = api;
        this.policy = policy;
        this.clock = clock;
        this.http = new BoundedHttpClient(api);
    }

    /** Fails with the key to set when no credentials can be found. */
    public void requireCredentials() {
        credentials.get();
    }

    /** One cluster's upgrade tasks (the API has no pagination). */
    public ApiResult<ApiAnswer> upgradeTasks(ClusterRef cluster) {
        return policy.call("cluster " + cluster.label() + " (" + cluster.clusterId() + ")", timeLeft -> invoke(
                cluster.projectId(), cluster.region(),
                new ListAutopilotUpgradeClusterTasksRequest().withClusterId(cluster.clusterId()),
                UnboundCalls.UPGRADE_TASKS, timeLeft));
    }

    /**
     * The Autopilot clusters of one project, for discovery. Each listed id and name must pass the same checks as a
     * configured one ({@link ClusterRef}); those that do not are returned apart, never called.
     */
    public ApiResult<DiscoveredClusters> discover(String projectId, String region) {
        ApiResult<ApiAnswer> listed = policy.call("clusters of project " + projectId + " in " + region,
                timeLeft -> invoke(projectId, region, new ListAutopilotClustersRequest(), UnboundCalls.LIST_CLUSTERS, timeLeft));
        if (listed instanceof ApiResult.Failed<ApiAnswer> failed) {
            return new ApiResult.Failed<>(failed.failure(), failed.attempts());
        }
        String body = ((ApiResult.Answered<ApiAnswer>) listed).answer().body();
        try {
            JsonNode items = ApiJson.MAPPER.readTree(body).path("items");
            if (!items.isArray()) {
                return badResponse("the clusters list has no items array", listed.attempts());
            }
            List<ClusterRef> clusters = new ArrayList<>();
            List<InvalidCluster> invalid = new ArrayList<>();
            int index = 0;
            for (JsonNode item : items) {
                index++;
                JsonNode uid = item.path("metadata").path("uid");
                JsonNode name = item.path("metadata").path("name");
                if (!uid.isString() || uid.asString().isEmpty()) {
                    invalid.add(new InvalidCluster(projectId, region,
                            "(project " + projectId + " in " + region + ": no metadata.uid, item " + index + ")",
                            "the clusters list has an item without a metadata.uid string"));
                    continue;
                }
                String id = uid.asString();
                String label = name.isString() ? name.asString() : null;
                var problem = ClusterRef.problem(projectId, region, id, label);
                if (problem.isPresent()) {
                    invalid.add(new InvalidCluster(projectId, region, shownId(id),
                            "discovered cluster " + SafeText.quoted(id, SHOWN_ID_CHARS)
                                    + (label == null ? "" : " named " + SafeText.quoted(label, SHOWN_ID_CHARS)) + ": "
                                    + problem.get() + "; it is not called"));
                } else {
                    clusters.add(new ClusterRef(projectId, region, id, label));
                }
            }
            return new ApiResult.Answered<>(new DiscoveredClusters(clusters, invalid), listed.attempts());
        } catch (JacksonException e) {
            return badResponse("the clusters list is not JSON: " + e.getOriginalMessage(), listed.attempts());
        }
    }

    /**
     * A listed id as {@code cluster_fetch} records it: escaped and capped, with a short hash of the whole id when
     * that changed it, so that two ids alike in their first characters (or in their escaped form) stay apart.
     */
    static String shownId(String id) {
        String shown = SafeText.storable(SafeText.loggable(id), SHOWN_ID_CHARS);
        if (shown.equals(id)) {
            return id;
        }
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return shown + " #" + HexFormat.of().formatHex(sha256, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static <T> ApiResult<T> badResponse(String why, int attempts) {
        return new ApiResult.Failed<>(new ApiFailure(FailureClass.BAD_RESPONSE, 200, null, why), attempts);
    }

    /**
     * One attempt: the SDK signs the request and raises an error status as {@link ServiceResponseException}; the
     * bounded client reads the body and keeps it in the exchange, error or not.
     */
    private <R> ApiResult<ApiAnswer> invoke(String projectId, String region, R request,
                                            HttpRequestDef<R, UnboundCalls.Unbound> call, Duration timeLeft) {
        var exchange = new BoundedHttpClient.Exchange(timeLeft);
        try {
            client(projectId, region).syncInvokeHttp(request, call, BoundedHttpClient.exchange(exchange));
        } catch (ServiceResponseException e) {
            return new ApiResult.Failed<>(failure(e, exchange.response), 1);
        } catch (BoundedHttpClient.UnusableBodyException e) {
            // an error status stays what it is (a 503 with a huge page is still worth a retry); a 200 is a bad response
            return new ApiResult.Failed<>(new ApiFailure(e.status() >= 400 ? FailureClass.ofStatus(e.status())
                    : FailureClass.BAD_RESPONSE, e.status(), null, e.getMessage()), 1);
        } catch (SdkException e) {
            return new ApiResult.Failed<>(new ApiFailure(FailureClass.NETWORK, null, null, Failures.describe(e)), 1);
        }
        var response = exchange.response;
        if (response == null) {
            return new ApiResult.Failed<>(new ApiFailure(FailureClass.BAD_RESPONSE, null, null, "no response recorded"), 1);
        }
        if (response.status() / 100 != 2) {
            return new ApiResult.Failed<>(new ApiFailure(FailureClass.ofStatus(response.status()), response.status(), null,
                    "HTTP " + response.status() + " (redirects are not followed)"), 1);
        }
        if (response.body().isEmpty()) {
            return new ApiResult.Failed<>(new ApiFailure(FailureClass.BAD_RESPONSE, response.status(), null, "empty body"), 1);
        }
        return new ApiResult.Answered<>(new ApiAnswer(response.body(), clock.instant()), 1);
    }

    private ApiFailure failure(ServiceResponseException e, BoundedHttpClient.@Nullable BoundedResponse response) {
        ErrorBody body = ErrorBody.parse(response == null ? null : response.body());
        String code = body.code() != null ? body.code() : e.getErrorCode();
        String message = body.message() != null ? body.message() : e.getErrorMsg();
        int status = e.getHttpStatusCode();
        return new ApiFailure(FailureClass.ofStatus(status), status, code,
                message == null ? "HTTP " + status : ErrorBody.abbreviate(message),
                RetryAfter.parse(response == null ? null : response.getHeader("Retry-After"), clock.instant()));
    }

    private HcClient client(String projectId, String region) {
        return clients.computeIfAbsent(projectId + '@' + region, key -> http.client(HttpConfig.getDefaultHttpConfig())
                .withEndpoints(List.of(api.endpointFor(region)))
                .withCredential(credentials.get().forProject(projectId)));
    }
}
