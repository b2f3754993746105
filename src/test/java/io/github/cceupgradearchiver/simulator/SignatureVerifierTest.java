package io.github.cceupgradearchiver.simulator;

import static io.github.cceupgradearchiver.simulator.SdkSigning.AK;
import static io.github.cceupgradearchiver.simulator.SdkSigning.CREDENTIALS;
import static io.github.cceupgradearchiver.simulator.SdkSigning.SK;
import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureVerifierTest {

    private static final String ENDPOINT = "http://127.0.0.1:8443";
    private static final String PATH = "/autopilot/v3/projects/p1/clusters";
    private static final DateTimeFormatter SDK_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final SignatureVerifier verifier = new SignatureVerifier(CREDENTIALS, Clock.systemUTC());

    /** A request as it reaches the server. */
    record Received(String method, String path, String query, Map<String, String> headers, String body) {

        static Received of(HttpRequest request, String ak, String sk) {
            return new Received(request.getMethod().name(), request.getUrl().getPath(), request.getUrl().getQuery(),
                    SdkSigning.sign(request, ak, sk), request.getBodyAsString() == null ? "" : request.getBodyAsString());
        }

        Received withMethod(String changed) {
            return new Received(changed, path, query, headers, body);
        }

        Received withPath(String changed) {
            return new Received(method, changed, query, headers, body);
        }

        Received withQuery(String changed) {
            return new Received(method, path, changed, headers, body);
        }

        Received withBody(String changed) {
            return new Received(method, path, query, headers, changed);
        }

        Received withHeader(String name, String value) {
            Map<String, String> changed = new HashMap<>(headers);
            changed.put(name, value);
            return new Received(method, path, query, changed, body);
        }

        Received without(String name) {
            Map<String, String> changed = new HashMap<>(headers);
            changed.remove(name);
            return new Received(method, path, query, changed, body);
        }
    }

    static Stream<Arguments> cases() {
        HttpRequest listClusters = HttpRequest.newBuilder().withMethod(HttpMethod.GET).withEndpoint(ENDPOINT)
                .withPath(PATH).addQueryParam("detail", List.of("true")).addQueryParam("status", List.of("Available"))
                .addHeader("X-Project-Id", "p1").build();
        HttpRequest post = HttpRequest.newBuilder().withMethod(HttpMethod.POST).withEndpoint(ENDPOINT).withPath(PATH)
                .withBodyAsString("{\"kind\":\"Cluster\"}").withContentType("application/json").build();
        HttpRequest unsignedPayload = HttpRequest.newBuilder().withMethod(HttpMethod.POST).withEndpoint(ENDPOINT)
                .withPath(PATH).withBodyAsString("{\"a\":1}").addHeader("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD").build();
        String staleDate = SDK_DATE.format(Instant.now().minus(Duration.ofMinutes(20)));
        HttpRequest stale = HttpRequest.newBuilder().withMethod(HttpMethod.GET).withEndpoint(ENDPOINT).withPath(PATH)
                .addHeader("X-Sdk-Date", staleDate).build();
        Received valid = Received.of(listClusters, AK, SK);
        return Stream.of(
                Arguments.of("valid SDK-signed GET", valid, null),
                Arguments.of("valid SDK-signed POST with body", Received.of(post, AK, SK), null),
                Arguments.of("UNSIGNED-PAYLOAD ignores the body",
                        Received.of(unsignedPayload, AK, SK).withBody("{\"a\":2}"), null),
                Arguments.of("changed body", Received.of(post, AK, SK).withBody("{}"), "signature"),
                Arguments.of("wrong SK", Received.of(listClusters, AK, "wrong" + SK), "signature"),
                Arguments.of("changed path", valid.withPath(PATH + "/other"), "signature"),
                Arguments.of("changed query", valid.withQuery("detail=false&status=Available"), "signature"),
                Arguments.of("reordered query", valid.withQuery("status=Available&detail=true"), null),
                Arguments.of("changed signed header", valid.withHeader("X-Project-Id", "p2"), "signature"),
                Arguments.of("changed method", valid.withMethod("DELETE"), "signature"),
                Arguments.of("stale date", Received.of(stale, AK, SK), "15 minutes"),
                Arguments.of("missing Authorization", valid.without("Authorization"), "Authorization header not found"),
                Arguments.of("unknown AK", Received.of(listClusters, "UNKNOWNAK", SK), "access key UNKNOWNAK not found"),
                Arguments.of("host not signed", valid.withHeader("Authorization",
                        valid.headers().get("Authorization").replace("SignedHeaders=host;", "SignedHeaders=")),
                        "host header is not signed"),
                Arguments.of("other algorithm", valid.withHeader("Authorization",
                        valid.headers().get("Authorization").replace("SDK-HMAC-SHA256", "SDK-HMAC-SM3")),
                        "is not SDK-HMAC-SHA256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifiesLikeTheGateway(String name, Received request, String expectedProblem) {
        var problem = verifier.problem(request.method(), request.path(), request.query(), headers(request),
                request.body().getBytes(StandardCharsets.UTF_8));

        if (expectedProblem == null) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).hasValueSatisfying(reason -> assertThat(reason).contains(expectedProblem));
        }
    }

    @ParameterizedTest(name = "signed {0} min before the server time")
    @MethodSource("clockSkews")
    void acceptsClockSkewUpToFifteenMinutes(long minutes, boolean accepted) {
        Instant signedAt = Instant.parse("2025-03-01T08:00:00Z");
        HttpRequest request = HttpRequest.newBuilder().withMethod(HttpMethod.GET).withEndpoint(ENDPOINT).withPath(PATH)
                .addHeader("X-Sdk-Date", SDK_DATE.format(signedAt)).build();
        Received received = Received.of(request, AK, SK);
        SignatureVerifier at = new SignatureVerifier(CREDENTIALS,
                Clock.fixed(signedAt.plus(Duration.ofMinutes(minutes)), ZoneOffset.UTC));

        var problem = at.problem(received.method(), received.path(), received.query(), headers(received), new byte[0]);

        assertThat(problem.isEmpty()).isEqualTo(accepted);
    }

    static Stream<Arguments> clockSkews() {
        return Stream.of(Arguments.of(14, true), Arguments.of(-14, true), Arguments.of(16, false),
                Arguments.of(-16, false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("uris")
    void canonicalUriEncodesEachSegmentAndEndsWithSlash(String rawPath, String canonical) {
        assertThat(SignatureVerifier.canonicalUri(rawPath)).isEqualTo(canonical);
    }

    static Stream<Arguments> uris() {
        return Stream.of(Arguments.of("/", "/"), Arguments.of("/a/b", "/a/b/"), Arguments.of("/a/b/", "/a/b/"),
                Arguments.of("/v3/a%20b/c~d*e", "/v3/a%20b/c~d%2Ae/"));
    }

    private static Headers headers(Received request) {
        Headers headers = new Headers();
        request.headers().forEach(headers::add);
        return headers;
    }
}
