package io.github.cceupgradearchiver.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.cceupgradearchiver.config.ClusterFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An HTTP server on 127.0.0.1 that answers like CCE (Autopilot under /autopilot, Standard and Turbo under /api) behind
 * the API gateway: it routes, verifies the AK/SK signature (and the security token of temporary keys), lets each
 * account's keys read only its own projects (403), injects faults and then asks the fleet. It also serves IAM's
 * assume-role, for the accounts' agencies. It logs nothing per request, since benchmarks send millions.
 */
public final class CceApiSimulator implements AutoCloseable {

    // Both families' paths: /autopilot/... (Autopilot) and /api/... (Standard and Turbo).
    private static final Pattern TASKS =
            Pattern.compile("/(autopilot|api)/v3/projects/([^/]+)/clusters/([^/]+)/operation/upgrade/tasks/?");
    private static final Pattern EVIDENCE = Pattern.compile("/(autopilot|api)/(v3|v3\\.1)/projects/([^/]+)/clusters/([^/]+)/"
            + "(operation/precheck/tasks|operation/snapshot/tasks|operation/upgradeworkflows|upgradeinfo)/?");
    private static final Pattern CLUSTERS = Pattern.compile("/(autopilot|api)/v3/projects/([^/]+)/clusters/?");
    /** IAM's assume-role: temporary keys of an agency. */
    static final String SECURITY_TOKENS = "/v3.0/OS-CREDENTIAL/securitytokens";
    // Enough handler threads for benchmarks running 16–32 concurrent requests that each sleep for the latency.
    private static final int THREADS = 64;
    private static final String GARBAGE_TIMESTAMP = "yesterday-ish";

    static {
        // The JDK server writes headers and body separately; with Nagle on, a small body waits for the client's
        // delayed ACK (~40 ms a request). The JDK reads this once, when it creates its first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Fleet fleet;
    private final SimulatorOptions options;
    private final SignatureVerifier verifier;
    private final HttpServer server;
    private final ExecutorService executor;
    // The n-th request for a cluster draws its faults and its scripted answer (Fleet#upgradeTasks).
    private final Map<String, AtomicInteger> requestsByCluster = new ConcurrentHashMap<>();
    private final RequestListener listener;
    private final Clock clock = Clock.systemUTC();
    // Every access key the gateway knows: given keys, and the temporary keys IAM issued.
    private final Map<String, Principal> principals = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();

    /**
     * Who signs with an access key: the secret, the token that temporary keys must come with, the account's
     * projects (null: every project) and until when the keys hold.
     */
    private record Principal(String domain, String secretKey, @Nullable String securityToken, @Nullable Set<String> projects,
                             Instant expiresAt) {
    }

    /** Told of every request as it arrives, before it is routed or its signature checked. */
    @FunctionalInterface
    public interface RequestListener {
        void received(String method, String rawPath);
    }

    private CceApiSimulator(Fleet fleet, SimulatorOptions options, RequestListener listener) throws IOException {
        this.fleet = fleet;
        this.options = options;
        this.listener = listener;
        options.credentials().forEach((ak, sk) -> principals.put(ak, new Principal("default", sk, null, null, Instant.MAX)));
        for (SimulatedAccount account : options.accounts()) {
            if (account.accessKey() != null) {
                principals.put(account.accessKey(), new Principal(account.domain(), account.secretKey(), null,
                        account.projects(), Instant.MAX));
            }
        }
        this.verifier = new SignatureVerifier(ak -> {
            Principal principal = principals.get(ak);
            return principal == null ? null : principal.secretKey();
        }, clock);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 128);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "cce-simulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true); // a forgotten close() must not keep the JVM alive
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static CceApiSimulator start(Fleet fleet, SimulatorOptions options) {
        return start(fleet, options, (method, rawPath) -> { });
    }

    public static CceApiSimulator start(Fleet fleet, SimulatorOptions options, RequestListener listener) {
        try {
            CceApiSimulator simulator = new CceApiSimulator(fleet, options, listener);
            simulator.server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + options.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Every access key, secret key and security token IAM issued: none of them may show in the caller's logs. */
    public List<String> issuedTemporaryKeys() {
        return List.copyOf(issued);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            listener.received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String requestId = HexFormat.of().formatHex(randomBytes());
            SimulatedResponse response = respond(exchange, body, requestId);
            // The latency is the API's answer time from the request's arrival, its own work included.
            TimeUnit.NANOSECONDS.sleep(options.latency().toNanos() - (System.nanoTime() - arrived));
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/json;charset=UTF-8");
            headers.set("X-Request-Id", requestId);
            response.headers().forEach(headers::set);
            if (response.stream() != null) {
                exchange.sendResponseHeaders(response.status(), 0);
                response.stream().writeTo(exchange.getResponseBody());
                return;
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client went away (it gave up on a slow or large answer): nothing to answer any more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: drop the request
        }
    }

    private SimulatedResponse respond(HttpExchange exchange, byte[] body, String requestId) {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        Matcher tasks = TASKS.matcher(uri.getPath());
        Matcher evidence = EVIDENCE.matcher(uri.getPath());
        Matcher clusters = CLUSTERS.matcher(uri.getPath());
        boolean isTasks = tasks.matches();
        boolean isEvidence = !isTasks && evidence.matches() && isEvidenceCall(evidence);
        boolean isClusters = clusters.matches();
        boolean isAssumeRole = method.equals("POST") && uri.getPath().equals(SECURITY_TOKENS);
        if (!isAssumeRole && (!method.equals("GET") || !(isTasks || isEvidence || isClusters))) {
            return gatewayError(404, "APIGW.0101", "The API does not exist or has not been published in the environment",
                    requestId);
        }
        String projectId = isTasks ? tasks.group(2) : isEvidence ? evidence.group(3) : isClusters ? clusters.group(2) : null;
        String counted = isTasks ? tasks.group(3)
                : isEvidence ? evidence.group(4) + " " + evidence.group(5)
                : isClusters ? "project " + projectId + (clusters.group(1).equals("api") ? " api" : "") : null;
        int attempt = isAssumeRole ? 1 : requestsByCluster.computeIfAbsent(counted, id -> new AtomicInteger()).incrementAndGet();
        Optional<String> problem = verifier.problem(method, uri.getRawPath(), uri.getRawQuery(),
                exchange.getRequestHeaders(), body).or(() -> tokenProblem(exchange.getRequestHeaders()));
        if (problem.isPresent()) {
            return gatewayError(401, "APIGW.0301", "Incorrect IAM authentication information: " + problem.get(), requestId);
        }
        Principal principal = principals.get(SignatureVerifier.accessKey(exchange.getRequestHeaders()).orElseThrow());
        if (isAssumeRole) {
            return assumeRole(principal, body, requestId);
        }
        if (principal.projects() != null && !principal.projects().contains(projectId)) {
            return gatewayError(403, "APIGW.0302", "The IAM user is not authorized to access the API: account "
                    + principal.domain() + " has no access to project " + projectId, requestId);
        }
        if (isClusters) {
            ClusterFamily family = family(clusters.group(1));
            Optional<SimulatedResponse> scripted = family == ClusterFamily.AUTOPILOT
                    ? fleet.clustersList(projectId, attempt) : Optional.empty();
            return scripted.orElseGet(() -> SimulatedResponse.ok(Json.write(ClusterList.of(fleet.clusters(projectId).stream()
                    .filter(cluster -> cluster.family() == family).toList()))));
        }
        if (isEvidence) {
            String clusterId = evidence.group(4);
            if (fleet.family(projectId, clusterId) != family(evidence.group(1))) {
                return SimulatedResponse.notFound(clusterId);
            }
            return fleet.evidence(projectId, clusterId, EvidenceCall.of(evidence.group(2), evidence.group(5)), attempt)
                    .orElseGet(() -> SimulatedResponse.notFound(clusterId));
        }
        if (fleet.family(tasks.group(2), tasks.group(3)) != family(tasks.group(1))) {
            return SimulatedResponse.notFound(tasks.group(3));
        }
        return upgradeTasks(tasks.group(2), tasks.group(3), attempt);
    }

    private static ClusterFamily family(String pathPrefix) {
        return pathPrefix.equals("api") ? ClusterFamily.STANDARD : ClusterFamily.AUTOPILOT;
    }

    /** Snapshots are under v3.1, the other evidence under v3, as CCE publishes them. */
    private static boolean isEvidenceCall(Matcher evidence) {
        return evidence.group(5).equals("operation/snapshot/tasks") == evidence.group(2).equals("v3.1");
    }

    /** Temporary keys are valid only with their security token, and only until they expire. */
    private Optional<String> tokenProblem(Headers headers) {
        Principal principal = principals.get(SignatureVerifier.accessKey(headers).orElseThrow());
        if (principal.securityToken() == null) {
            return Optional.empty();
        }
        String token = headers.getFirst("X-Security-Token");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                principal.securityToken().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("the security token of temporary keys is missing or wrong");
        }
        return clock.instant().isBefore(principal.expiresAt()) ? Optional.empty()
                : Optional.of("the temporary keys expired at " + principal.expiresAt());
    }

    /**
     * {@code POST /v3.0/OS-CREDENTIAL/securitytokens} with {@code assume_role}: temporary keys of the named account's
     * agency, for a caller from the account the agency trusts.
     */
    private SimulatedResponse assumeRole(Principal caller, byte[] body, String requestId) {
        JsonNode assume;
        try {
            assume = Json.MAPPER.readTree(body).path("auth").path("identity").path("assume_role");
        } catch (JacksonException e) {
            return iamError(400, "IAM.0010", "the request body is not JSON", requestId);
        }
        String domain = assume.path("domain_name").isString() ? assume.path("domain_name").asString()
                : assume.path("domain_id").asString("");
        String agency = assume.path("agency_name").asString("");
        Optional<SimulatedAccount> target = options.accounts().stream()
                .filter(account -> account.domain().equals(domain)).findFirst();
        if (target.isEmpty() || !caller.domain().equals(target.get().agencies().get(agency))) {
            return iamError(403, "IAM.0002", "no agency " + agency + " of account " + domain + " trusts account "
                    + caller.domain(), requestId);
        }
        long seconds = assume.path("duration_seconds").asLong(900);
        Instant expiresAt = clock.instant().plus(Duration.ofSeconds(seconds).compareTo(options.temporaryKeysLifetime()) < 0
                ? Duration.ofSeconds(seconds) : options.temporaryKeysLifetime());
        String accessKey = "TMP" + HexFormat.of().formatHex(randomBytes()).toUpperCase(Locale.ROOT).substring(0, 17);
        String secretKey = HexFormat.of().formatHex(randomBytes());
        String token = "gQ" + HexFormat.of().formatHex(randomBytes()) + HexFormat.of().formatHex(randomBytes());
        principals.put(accessKey, new Principal(domain, secretKey, token, target.get().projects(), expiresAt));
        issued.addAll(List.of(accessKey, secretKey, token));
        ObjectNode credential = Json.MAPPER.createObjectNode();
        credential.put("access", accessKey);
        credential.put("secret", secretKey);
        credential.put("securitytoken", token);
        credential.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(expiresAt));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("credential", credential);
        return new SimulatedResponse(201, Map.of(), Json.write(answer), null);
    }

    private static SimulatedResponse iamError(int status, String code, String message, String requestId) {
        return SimulatedResponse.error(status, Json.object("error_msg", message, "error_code", code, "request_id", requestId));
    }

    private SimulatedResponse upgradeTasks(String projectId, String clusterId, int attempt) {
        FaultOptions faults = options.faults();
        long hash = Hash.of(clusterId.hashCode(), attempt);
        double roll = Hash.unit(hash);
        if (roll < faults.errorRate()) {
            return SimulatedResponse.serverError();
        }
        if (roll < faults.errorRate() + faults.throttleRate()) {
            return SimulatedResponse.throttled(faults.retryAfterSeconds());
        }
        SimulatedResponse response = fleet.upgradeTasks(projectId, clusterId, attempt)
                .orElseGet(() -> SimulatedResponse.notFound(clusterId));
        return response.status() == 200 && response.stream() == null && faults.garbageItemRate() > 0
                ? new SimulatedResponse(200, response.headers(), garble(response.body(), hash, faults.garbageItemRate()))
                : response;
    }

    /** Replaces the creationTimestamp of a deterministic share of the items with something no parser accepts. */
    private static String garble(String body, long hash, double rate) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return body; // a scripted body that is not JSON on purpose stays as it is
        }
        int index = 0;
        for (JsonNode item : tree.path("items")) {
            if (Hash.unit(Hash.of(hash, index++)) < rate && item.get("metadata") instanceof ObjectNode metadata) {
                metadata.put("creationTimestamp", GARBAGE_TIMESTAMP);
            }
        }
        return Json.write(tree);
    }

    /** The gateway's own error shape, which carries the request id. */
    private static SimulatedResponse gatewayError(int status, String code, String message, String requestId) {
        return SimulatedResponse.error(status, Json.object("error_msg", message, "error_code", code, "request_id", requestId));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
