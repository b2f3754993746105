package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.cce.v3.model.ListAutopilotClustersRequest;
import com.huaweicloud.sdk.cce.v3.model.ListClustersRequest;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import io.github.cceupgradearchiver.config.ClusterFamily;
import io.github.cceupgradearchiver.text.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Calls the CCE API (Autopilot under {@code /autopilot}, Standard and Turbo under {@code /api}) through the official
 * SDK, which signs every request with the AK/SK of the cluster's account ({@link Accounts}), at the region's endpoint
 * ({@link Endpoints}), and through the {@link CallPolicy}, which every call obeys.
 * <p>
 * The SDK's models drop unknown fields and throw on a type they do not expect (a numeric {@code progress}), so
 * {@link UnboundCalls} gives the SDK a response without fields: it signs, sends and classifies errors but never parses
 * a body. The body, read within bounds by {@link BoundedHttpClient}, is what the archive keeps.
 */
public class CceApi {

    /** How much of an invalid discovered id a failure row shows. */
    private static final int SHOWN_ID_CHARS = 80;

    private final Accounts accounts;
    private final Endpoints endpoints;
    private final Collection<String> configuredRegions;
    private final CallPolicy policy;
    private final Clock clock;
    private final BoundedHttpClient http;
    // An agency's client is made again when its keys are renewed.
    private final ConcurrentMap<String, Signing> clients = new ConcurrentHashMap<>();

    private record Signing(CloudCredentials credentials, HcClient client) {
    }

    /** Credentials are resolved on first use, so commands that never call the API do not need them. */
    CceApi(Accounts accounts, Endpoints endpoints, Collection<String> configuredRegions, BoundedHttpClient http,
           CallPolicy policy, Clock clock) {
        this.accounts = accounts;
        this.endpoints = endpoints;
        this.configuredRegions = List.copyOf(configuredRegions);
        this.http = http;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Fails with the key to set when an account the configuration uses has no credentials to be found, or a
     * configured region has no endpoint.
     */
    public void requireReady() {
        endpoints.requireKnown(configuredRegions);
        accounts.requireCredentials();
    }

    /** One cluster's upgrade tasks (the API has no pagination), from its family's API. */
    public ApiResult<ApiAnswer> upgradeTasks(ClusterRef cluster) {
        return clusterCall(cluster, "", UnboundCalls.upgradeTasks(cluster.family()));
    }

    /** One kind of a cluster's upgrade evidence, from its family's API: one call, the body kept as it came. */
    public ApiResult<ApiAnswer> evidence(ClusterRef cluster, EvidenceKind kind) {
        return clusterCall(cluster, " " + kind.value(), UnboundCalls.evidence(cluster.family(), kind));
    }

    private <R> ApiResult<ApiAnswer> clusterCall(ClusterRef cluster, String what, UnboundCalls.ClusterCall<R> call) {
        return call(cluster.account(), cluster.projectId(), cluster.region(),
                "cluster " + cluster.label() + " (" + cluster.clusterId() + ", account " + cluster.account() + ")" + what,
                call.request().apply(cluster.clusterId()), call.definition());
    }

    /** A call signed with the account's current keys; keys that cannot be had fail the call as the API would. */
    private <R> ApiResult<ApiAnswer> call(String account, String projectId, String region, String subject, R request,
                                         HttpRequestDef<R, UnboundCalls.Unbound> definition) {
        ApiResult<CloudCredentials> credentials = accounts.credentials(account, region);
        if (credentials instanceof ApiResult.Failed<CloudCredentials> failed) {
            return new ApiResult.Failed<>(failed.failure(), failed.attempts());
        }
        HcClient client = client(account, projectId, region, ((ApiResult.Answered<CloudCredentials>) credentials).answer());
        return policy.call(account, subject, timeLeft -> invoke(client, request, definition, timeLeft));
    }

    /**
     * The clusters of one family in one project, for discovery. Each listed id and name must pass the same checks as
     * a configured one ({@link ClusterRef}); those that do not are returned apart, never called.
     */
    public ApiResult<DiscoveredClusters> discover(String projectId, String region, ClusterFamily family, String account) {
        String subject = family.value() + " clusters of project " + projectId + " in " + region + " (account " + account + ")";
        ApiResult<ApiAnswer> listed = family == ClusterFamily.AUTOPILOT
                ? call(account, projectId, region, subject, new ListAutopilotClustersRequest(), UnboundCalls.LIST_AUTOPILOT_CLUSTERS)
                : call(account, projectId, region, subject, new ListClustersRequest(), UnboundCalls.LIST_CLUSTERS);
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
                    invalid.add(new InvalidCluster(projectId, region, "(" + family.value() + " clusters of project "
                            + projectId + " in " + region + ": no metadata.uid, item " + index + ")", account,
                            "the clusters list has an item without a metadata.uid string", family));
                    continue;
                }
                String id = uid.asString();
                String label = name.isString() ? name.asString() : null;
                var problem = ClusterRef.problem(projectId, region, id, label);
                if (problem.isPresent()) {
                    invalid.add(new InvalidCluster(projectId, region, shownId(id), account,
                            "discovered cluster " + SafeText.quoted(id, SHOWN_ID_CHARS)
                                    + (label == null ? "" : " named " + SafeText.quoted(label, SHOWN_ID_CHARS)) + ": "
                                    + problem.get() + "; it is not called", family));
                } else {
                    clusters.add(new ClusterRef(projectId, region, id, label, family, account));
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
    private <R> ApiResult<ApiAnswer> invoke(HcClient client, R request, HttpRequestDef<R, UnboundCalls.Unbound> call,
                                            Duration timeLeft) {
        var exchange = new BoundedHttpClient.Exchange(timeLeft);
        try {
            client.syncInvokeHttp(request, call, BoundedHttpClient.exchange(exchange));
        } catch (ServiceResponseException e) {
            return new ApiResult.Failed<>(failure(e, exchange.response), 1);
        } catch (SdkException e) {
            return new ApiResult.Failed<>(SendFailures.of(e), 1);
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

    private HcClient client(String account, String projectId, String region, CloudCredentials credentials) {
        return clients.compute(account + '/' + projectId + '@' + region, (key, known) ->
                known != null && known.credentials() == credentials ? known
                        : new Signing(credentials, http.client(HttpConfig.getDefaultHttpConfig())
                                .withEndpoints(List.of(endpoints.cce(region)))
                                .withCredential(credentials.forProject(projectId)))).client();
    }
}
