package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.RequestLog;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.ForwardingProxy;
import io.github.cceupgradearchiver.testsupport.PrivateCaServer;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between the archiver and the API, as enterprises have it: an HTTP proxy (with a password that must never
 * be logged), no endpoint configured (the SDK's region table decides), and a TLS-inspecting stand-in whose certificate
 * a private CA issued. No real network: the proxy records where it was asked to connect.
 */
class NetworkIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String PROXY_PASSWORD = "proxy-password-never-printed";

    static final RequestLog requests = new RequestLog();
    static CceApiSimulator simulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startApi() {
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(PROJECT, "c-one", "one", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                        .cluster(PROJECT, "c-two", "two", SimulatedResponse.ok("{\"kind\":\"List\",\"items\":[]}"))
                        .build(),
                new SimulatorOptions(0, Map.of("NET-AK", "NET-SK"), Duration.ZERO, FaultOptions.none()), requests);
    }

    @AfterAll
    static void stopApi() {
        simulator.close();
    }

    @Test
    void everyCallGoesThroughTheConfiguredProxyWhosePasswordIsNeverLogged() throws Exception {
        // given
        ArchiveDatabase.reset();
        int before = requests.total();
        try (ForwardingProxy proxy = ForwardingProxy.requiring("archiver", PROXY_PASSWORD)) {
            // when
            Result result = archive("cn-north-4", "c-one", "c-two")
                    .args("--archiver.api.endpoint=" + simulator.endpoint(),
                            "--archiver.api.proxy=http://archiver:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port(),
                            "--logging.level.root=DEBUG")
                    .run();

            // then
            assertThat(result.exitCode()).as(result.output()).isZero();
            // two clusters, five calls each: the task list and the four kinds of evidence
            assertThat(proxy.forwarded()).hasSize(requests.total() - before).hasSize(10)
                    .allSatisfy(request -> assertThat(request).startsWith("GET " + simulator.endpoint() + "/autopilot/v3"));
            assertThat(result.output()).doesNotContain(PROXY_PASSWORD);
        }
    }

    @Test
    void withoutAnEndpointEachRegionIsCalledWhereTheSdksRegionTableSays() throws Exception {
        // given: the environment's proxy, which records CONNECT targets and refuses them (no network here)
        ArchiveDatabase.reset();
        try (ForwardingProxy proxy = ForwardingProxy.start()) {
            // when
            Result result = ArchiverProcess.command("archive", "--archiver.api.max-attempts=1",
                            "--archiver.clusters[0].project-id=" + PROJECT, "--archiver.clusters[0].region=eu-west-101",
                            "--archiver.clusters[0].cluster-id=c-one",
                            "--archiver.clusters[1].project-id=" + PROJECT, "--archiver.clusters[1].region=cn-north-4",
                            "--archiver.clusters[1].cluster-id=c-two")
                    .env("CLOUD_SDK_AK", "NET-AK").env("CLOUD_SDK_SK", "NET-SK").env("HTTPS_PROXY", proxy.url())
                    .run();

            // then
            assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
            assertThat(proxy.connectTargets()).containsExactlyInAnyOrder(
                    "cce.eu-west-101.myhuaweicloud.eu:443", "cce.cn-north-4.myhuaweicloud.com:443");
        }
    }

    @Test
    void aRegionTheSdkDoesNotKnowNeedsAnEndpoint() throws Exception {
        Result result = archive("xx-nowhere-1", "c-one").run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("archiver.api.endpoint", "region xx-nowhere-1");
    }

    @Test
    void aPrivateCasCertificateIsRefusedAsTlsWithoutTheTrustStoreAndTrustedWithIt() throws Exception {
        try (PrivateCaServer https = PrivateCaServer.start(Files.createDirectories(dir.resolve("ca")), simulator.port())) {
            // given
            ArchiveDatabase.reset();

            // when
            Result refused = archive("cn-north-4", "c-one").args("--archiver.api.endpoint=" + https.endpoint()).run();

            // then: a permanent failure of its own class, tried once
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
            assertThat(TestPostgres.query("SELECT error_class || ' ' || attempts FROM upgrade_history.cluster_fetch"))
                    .containsExactly("TLS 1");

            // when
            Result trusted = archive("cn-north-4", "c-one").args("--archiver.api.endpoint=" + https.endpoint(),
                    "--archiver.api.trust-store=" + https.caPem()).run();

            // then
            assertThat(trusted.exitCode()).as(trusted.output()).isZero();
            assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.upgrade_task")).containsExactly("2");
        }
    }

    @Test
    void aTrustStoreThatIsNotPemIsAConfigurationErrorNamingTheKey() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n");

        Result result = archive("cn-north-4", "c-one").args("--archiver.api.endpoint=" + simulator.endpoint(),
                "--archiver.api.trust-store=" + notPem).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("archiver.api.trust-store");
    }

    private static ArchiverProcess archive(String region, String... clusterIds) {
        ArchiverProcess process = ArchiverProcess.command("archive", "--archiver.api.max-attempts=3")
                .env("CLOUD_SDK_AK", "NET-AK").env("CLOUD_SDK_SK", "NET-SK");
        for (int i = 0; i < clusterIds.length; i++) {
            process.args("--archiver.clusters[" + i + "].project-id=" + PROJECT, "--archiver.clusters[" + i + "].region=" + region,
                    "--archiver.clusters[" + i + "].cluster-id=" + clusterIds[i]);
        }
        return process;
    }
}
