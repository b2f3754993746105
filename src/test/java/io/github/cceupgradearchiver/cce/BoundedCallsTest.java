package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.HostileResponses;
import io.github.cceupgradearchiver.simulator.RequestLog;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * Calls whose answers would exhaust the heap or hold the run, against a real HTTP server: each one fails its call,
 * named, and reads no more than the bounds allow.
 */
class BoundedCallsTest {

    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final ClusterRef CLUSTER = new ClusterRef(PROJECT, "cn-north-4", "c1", "hostile");

    private CceApiSimulator simulator;
    private final RequestLog requests = new RequestLog();

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void stopsReadingABodyLargerThanTheLimit() {
        // given: 200 MB, against a 1 MB limit
        AtomicLong sent = new AtomicLong();
        CceApi api = api(answering(HostileResponses.huge(200L << 20, sent)), DataSize.ofMegabytes(1), Duration.ofMinutes(1));

        // when
        ApiResult<ApiAnswer> result = api.upgradeTasks(CLUSTER);

        // then: failed as a bad response, and the server could not send much more than the limit and the sockets' buffers
        assertThat(failure(result).kind()).isEqualTo(FailureClass.BAD_RESPONSE);
        assertThat(failure(result).message()).startsWith("the body exceeds archiver.api.max-body-size (1MB)");
        assertThat(sent.get()).isLessThan(64L << 20);
    }

    @Test
    void countsTheLimitInDecompressedBytes() {
        CceApi api = api(answering(HostileResponses.gzipBomb()), DataSize.ofMegabytes(16), Duration.ofMinutes(1));

        ApiResult<ApiAnswer> result = api.upgradeTasks(CLUSTER);

        assertThat(HostileResponses.gzipBombBytes()).isLessThan(16 << 20);
        assertThat(failure(result).kind()).isEqualTo(FailureClass.BAD_RESPONSE);
        assertThat(failure(result).message()).contains("max-body-size").contains("once decompressed");
    }

    @Test
    void acceptsAGzipBodyWithinTheLimit() throws Exception {
        var body = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(body)) {
            gzip.write(Fixtures.exampleUpgradeTasks().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        CceApi api = api(answering(SimulatedResponse.streamed(200, Map.of("Content-Encoding", "gzip"),
                out -> out.write(body.toByteArray()))), DataSize.ofMegabytes(1), Duration.ofMinutes(1));

        ApiResult<ApiAnswer> result = api.upgradeTasks(CLUSTER);

        assertThat(result).isInstanceOfSatisfying(ApiResult.Answered.class,
                answered -> assertThat(((ApiAnswer) answered.answer()).body()).isEqualTo(Fixtures.exampleUpgradeTasks()));
    }

    @Test
    void endsACallWhoseBodyDripsAtTheCallTimeout() {
        // given: a byte every 100 ms for 60 s, each read well within the read timeout; a 2 s call timeout
        CceApi api = api(answering(HostileResponses.drip(Duration.ofMillis(100), 600)), DataSize.ofMegabytes(1),
                Duration.ofSeconds(2));

        // when
        ApiResult<ApiAnswer> result = api.upgradeTasks(CLUSTER);

        // then: a network failure, not a body read to its end (which would be a bad response after a minute)
        assertThat(failure(result).kind()).isEqualTo(FailureClass.NETWORK);
        assertThat(failure(result).message()).startsWith("no complete answer within archiver.api.call-timeout (2s");
    }

    @Test
    void keepsAnErrorBodysCodeAndMessageCappedAndNulFree() {
        CceApi api = api(answering(HostileResponses.errorWithNuls(5_000_000)), DataSize.ofMegabytes(16), Duration.ofMinutes(1));

        ApiFailure failure = failure(api.upgradeTasks(CLUSTER));

        assertThat(failure.kind()).isEqualTo(FailureClass.SERVER_ERROR);
        assertThat(failure.errorCode()).hasSizeLessThan(200).doesNotContain("\u0000").endsWith("more characters)");
        assertThat(failure.message()).doesNotContain("\u0000").startsWith("bad\\u0000news");
    }

    @Test
    void keepsANonJsonErrorBodyNulFree() {
        CceApi api = api(answering(HostileResponses.rawNulsInError()), DataSize.ofMegabytes(16), Duration.ofMinutes(1));

        ApiFailure failure = failure(api.upgradeTasks(CLUSTER));

        assertThat(failure.kind()).isEqualTo(FailureClass.FORBIDDEN);
        assertThat(failure.message()).doesNotContain("\u0000").contains("denied");
    }

    @Test
    void sendsOnlyTheSignedPathOfTheCluster() {
        CceApi api = api(answering(SimulatedResponse.ok(Fixtures.exampleUpgradeTasks())), DataSize.ofMegabytes(1),
                Duration.ofMinutes(1));

        assertThat(api.upgradeTasks(CLUSTER)).isInstanceOf(ApiResult.Answered.class);
        assertThat(requests.paths()).containsExactly("/autopilot/v3/projects/" + PROJECT + "/clusters/c1/operation/upgrade/tasks");
    }

    private CceApiSimulator answering(SimulatedResponse response) {
        simulator = CceApiSimulator.start(ScriptedFleet.builder().cluster(PROJECT, "c1", "hostile", response).build(),
                new SimulatorOptions(0, Map.of("B-AK", "B-SK"), Duration.ZERO, FaultOptions.none()), requests);
        return simulator;
    }

    private static CceApi api(CceApiSimulator simulator, DataSize maxBody, Duration callTimeout) {
        var properties = new ApiProperties(simulator.endpoint(), null, null, null, 2, 100, 1, Duration.ofSeconds(5), Duration.ofSeconds(10),
                callTimeout, maxBody, Duration.ofMillis(10), Duration.ofSeconds(1));
        var environment = new MockEnvironment().withProperty("CLOUD_SDK_AK", "B-AK").withProperty("CLOUD_SDK_SK", "B-SK");
        return TestApis.cceApi(properties, List.of(), environment);
    }

    private static ApiFailure failure(ApiResult<ApiAnswer> result) {
        assertThat(result).isInstanceOf(ApiResult.Failed.class);
        return ((ApiResult.Failed<ApiAnswer>) result).failure();
    }
}
