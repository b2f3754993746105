package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.cce.v3.model.ListAutopilotClustersRequest;
import com.huaweicloud.sdk.cce.v3.model.ListAutopilotUpgradeClusterTasksRequest;
import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.HttpListener;
import com.huaweicloud.sdk.core.exchange.SdkExchange;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import org.jspecify.annotations.Nullable;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Calls the CCE Autopilot API through the official SDK, which signs every request with AK/SK.
 * <p>
 * The SDK's models drop unknown fields and throw on a type they do not expect (a numeric
 * {@code progress}), so {@link UnboundCalls} gives the SDK a response without fields: it signs, sends and
 * classifies errors but never parses a body. The raw body, from the SDK's response listener, is what the
 * archive keeps.
 */
public class CceApi {

    private static final String RAW_RESPONSE = CceApi.class.getName() + ".raw";

    private final Supplier<CloudCredentials> credentials;
    private final ApiProperties api;
    private final CallPolicy policy;
    private final Clock clock;
    private final ConcurrentMap<String, HcClient> clients = new ConcurrentHashMap<>();

    /** Credentials are resolved on first use, so commands that never call the API do not need them. */
    public CceApi(Supplier<CloudCredentials> credentials, ApiProperties api, CallPolicy policy, Clock clock) {
        this.credentials = SingletonSupplier.of(credentials);
        this.api = api;
        this.policy = policy;
        this.clock = clock;
    }

    /** Fails with the key to set when no credentials can be found. */
    public void requireCredentials() {
        credentials.get();
    }

    /** One cluster's upgrade tasks (the API has no pagination), retried and rate-limited by the call policy. */
    public TaskListFetch fetchUpgradeTasks(ClusterRef cluster) {
        return policy.call(cluster, () -> fetchOnce(cluster));
    }

    private TaskListFetch fetchOnce(ClusterRef cluster) {
        RawResponse raw = new RawResponse();
        ApiFailure failure = invoke(cluster.projectId(), cluster.region(),
                new ListAutopilotUpgradeClusterTasksRequest().withClusterId(cluster.clusterId()), UnboundCalls.UPGRADE_TASKS, raw);
        if (failure == null && raw.body == null) {
            failure = new ApiFailure(FailureClass.BAD_RESPONSE, raw.status, null, "empty body");
        }
        return failure == null
                ? new TaskListFetch.Fetched(cluster, raw.body, 1)
                : new TaskListFetch.Failed(cluster, failure, 1);
    }

    /** The Autopilot clusters of one project, for discovery. */
    public List<ClusterRef> listClusters(String projectId, String region) {
        RawResponse raw = new RawResponse();
        ApiFailure failure = invoke(projectId, region, new ListAutopilotClustersRequest(), UnboundCalls.LIST_CLUSTERS, raw);
        if (failure != null) {
            throw new DiscoveryException(projectId, region, failure);
        }
        try {
            List<ClusterRef> clusters = new ArrayList<>();
            for (JsonNode item : ApiJson.MAPPER.readTree(raw.body == null ? "" : raw.body).path("items")) {
                String id = item.path("metadata").path("uid").asString("");
                if (!id.isBlank()) {
                    clusters.add(new ClusterRef(projectId, region, id, item.path("metadata").path("name").asString(null)));
                }
            }
            return clusters;
        } catch (JacksonException e) {
            throw new DiscoveryException(projectId, region,
                    new ApiFailure(FailureClass.BAD_RESPONSE, 200, null, "body is not JSON: " + e.getOriginalMessage()));
        }
    }

    /** Discovery of a project's clusters failed: the run cannot know what it should archive. */
    public static final class DiscoveryException extends RuntimeException {
        DiscoveryException(String projectId, String region, ApiFailure failure) {
            super("cannot list the clusters of project " + projectId + " in " + region + ": " + failure.describe());
        }
    }

    /**
     * One call: the SDK signs and sends it and raises an error status as {@link ServiceResponseException}; the
     * response listener fills {@code raw}. Returns why the call failed, or {@code null}.
     */
    private <R> @Nullable ApiFailure invoke(String projectId, String region, R request,
                                            HttpRequestDef<R, UnboundCalls.Unbound> call, RawResponse raw) {
        try {
            client(projectId, region).syncInvokeHttp(request, call, new SdkExchange().addAttribute(RAW_RESPONSE, raw));
            return null;
        } catch (ServiceResponseException e) {
            return failure(e, raw);
        } catch (SdkException e) {
            return new ApiFailure(FailureClass.NETWORK, null, null, describe(e));
        }
    }

    private ApiFailure failure(ServiceResponseException e, RawResponse raw) {
        ErrorBody body = ErrorBody.parse(raw.body);
        String code = body.code() != null ? body.code() : e.getErrorCode();
        String message = body.message() != null ? body.message() : e.getErrorMsg();
        int status = e.getHttpStatusCode();
        return new ApiFailure(FailureClass.ofStatus(status), status, code,
                message == null ? "HTTP " + status : ErrorBody.abbreviate(message),
                RetryAfter.parse(raw.retryAfter, clock.instant()));
    }

    // The SDK's own message is generic ("DefaultHttpClient ConnectionException"); the cause says what happened.
    private static String describe(SdkException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String text = String.valueOf(cause.getMessage());
        if (root != cause && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getMessage() + ")";
        }
        return ErrorBody.abbreviate(text);
    }

    private HcClient client(String projectId, String region) {
        return clients.computeIfAbsent(projectId + '@' + region, key -> new ClientBuilder<HcClient>(Function.identity())
                .withCredential(credentials.get().forProject(projectId))
                .withEndpoints(List.of(api.endpointFor(region)))
                .withHttpConfig(httpConfig())
                .build());
    }

    private HttpConfig httpConfig() {
        // OkHttp's defaults allow 5 calls per host at once, whatever api.concurrency says: the SDK's calls are
        // asynchronous underneath, so the dispatcher, not our threads, would decide how many clusters are in flight.
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(64, api.concurrency()));
        dispatcher.setMaxRequestsPerHost(Math.max(64, api.concurrency()));
        HttpConfig config = HttpConfig.getDefaultHttpConfig()
                .withConnectionTimeout(seconds(api.connectTimeout()))
                .withReadTimeout(seconds(api.readTimeout()))
                .withDispatcher(dispatcher)
                .withConnectionPool(new ConnectionPool(api.concurrency(), 5, TimeUnit.MINUTES));
        config.addHttpListener(HttpListener.forResponseListener(response -> {
            RawResponse raw = response.exchange() == null ? null : response.exchange().getAttribute(RAW_RESPONSE);
            if (raw != null) {
                raw.status = response.statusCode();
                raw.body = response.body().orElse(null);
                raw.retryAfter = header(response.headers(), "Retry-After");
            }
        }));
        return config;
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toSeconds()));
    }

    private static @Nullable String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
                .map(entry -> entry.getValue().get(0))
                .findFirst().orElse(null);
    }

    /** What the response listener saw of one call. */
    private static final class RawResponse {
        volatile @Nullable Integer status;
        volatile @Nullable String body;
        volatile @Nullable String retryAfter;
    }
}
