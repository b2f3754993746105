package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.GeneratedFleet;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar, run as an operator would: three clusters in an application.yml, a stand-in API that
 * verifies every AK/SK signature, two runs, then the tables.
 */
class ArchiveCommandIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String SECRET = "s3cr3t-SK-must-never-be-printed";

    static CceApiSimulator simulator;

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void startApiAndWriteConfiguration() throws Exception {
        String running = """
                {"kind":"List","apiVersion":"v3","metadata":{},"items":[{"kind":"UpgradeTask","apiVersion":"v3",
                 "metadata":{"uid":"r-1","creationTimestamp":"2024-05-01 09:00:00 +0800 CST","updateTimestamp":"2024-05-01 09:01:00 +0800 CST"},
                 "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},"status":{"phase":"Running","progress":"40","completionTime":""}}]}""";
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(PROJECT, "c-example", "prod-payments", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                        .cluster(PROJECT, "c-running", "prod-ledger", SimulatedResponse.ok(running))
                        .cluster(PROJECT, "c-empty", "dev-sandbox", SimulatedResponse.ok("{\"kind\":\"List\",\"items\":[]}"))
                        .build(),
                new SimulatorOptions(0, Map.of("IT-AK", SECRET), Duration.ZERO, FaultOptions.none()));
        config = dir.resolve("application.yml");
        Files.writeString(config, """
                archiver:
                  api:
                    endpoint: %s
                  clusters:
                    - {project-id: %s, region: cn-north-4, cluster-id: c-example, name: prod-payments}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-running, name: prod-ledger}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-empty, name: dev-sandbox}
                """.formatted(simulator.endpoint(), PROJECT, PROJECT, PROJECT));
    }

    @AfterAll
    static void stopApi() {
        simulator.close();
    }

    @Test
    void archivesThreeClustersToTheMicrosecondAndASecondRunRewritesNothing() throws Exception {
        // given
        ArchiveDatabase.reset();

        // when
        Result first = archive().run();

        // then
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("archive run", "SUCCEEDED", "3 clusters (0 failed)", "3 tasks seen", "3 new")
                .doesNotContain(SECRET);
        assertThat(TestPostgres.query("""
                SELECT task_id || ' ' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' '
                       || coalesce(to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), '-') || ' '
                       || coalesce(duration_seconds::text, '-') || ' ' || phase
                FROM upgrade_history.upgrade_task ORDER BY task_id""")).containsExactly(
                "91755b96-5fd8-4a6a-bda1-983de9055996 2023-11-24 11:54:35.194306 2023-11-24 12:14:35.194306 1200.000000 Success",
                "f40cafed-7bf1-4c3b-b619-80113b4bbb18 2023-11-24 08:41:12.092360 2023-11-24 08:44:05.634206 173.541846 Success",
                "r-1 2024-05-01 01:00:00.000000 - - Running");
        List<String> rowVersions = TestPostgres.query("SELECT task_id || ':' || xmin FROM upgrade_history.upgrade_task ORDER BY task_id");

        // when
        Result second = archive().run();

        // then
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("0 new, 0 changed");
        assertThat(TestPostgres.query("SELECT task_id || ':' || xmin FROM upgrade_history.upgrade_task ORDER BY task_id"))
                .isEqualTo(rowVersions);
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.upgrade_task_revision")).containsExactly("3");
        assertThat(TestPostgres.query("SELECT run_id || ' ' || status || ' ' || clusters_total || ' ' || tasks_inserted "
                + "FROM upgrade_history.archive_run ORDER BY run_id")).containsExactly("1 SUCCEEDED 3 3", "2 SUCCEEDED 3 0");
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.cluster_fetch WHERE outcome = 'OK'")).containsExactly("6");
    }

    @Test
    void printsHelpWithoutADatabase() throws Exception {
        Result help = ArchiverProcess.command("archive", "--help").withoutTestDatabase().run();

        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: cce-upgrade-archiver archive", "Exit codes");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            non-positive concurrency | --archiver.api.concurrency=0                   | archiver.api.concurrency  | "0"
            malformed endpoint       | --archiver.api.endpoint=ftp:/cce               | archiver.api.endpoint     | ftp:/cce
            bad region               | --archiver.clusters[0].region=cn north 4       | archiver.clusters[0].region | cn north 4
            missing project id       | --archiver.clusters[0].project-id=             | archiver.clusters[0].projectId | must not be blank
            unknown source zone      | --archiver.source-zone=Mars/Olympus            | archiver.source-zone      | Mars/Olympus
            unreadable timeout       | --archiver.api.read-timeout=soon               | archiver.api.read-timeout | soon
            too much concurrency     | --archiver.api.concurrency=65                  | archiver.api.concurrency  | 65
            no time for a call       | --archiver.api.call-timeout=0s                 | archiver.api.callTimeout  | must be longer than or equal to 1 second
            unreadable body limit    | --archiver.api.max-body-size=lots              | archiver.api.max-body-size | lots
            too long a name          | --archiver.clusters[0].name=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | archiver.clusters[0].name | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
            """)
    void aBadConfigurationValueExitsTwoNamingTheKeyAndTheValue(String mistake, String argument, String key, String value)
            throws Exception {
        Result result = archive().args(argument).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains(key).contains(value);
    }

    @Test
    void oneClusterIdUnderTwoProjectsExitsTwoNamingIt() throws Exception {
        Result result = ArchiverProcess.command("archive", "--archiver.api.endpoint=" + simulator.endpoint(),
                        "--archiver.clusters[0].project-id=" + PROJECT, "--archiver.clusters[0].region=cn-north-4",
                        "--archiver.clusters[0].cluster-id=c-example",
                        "--archiver.clusters[1].project-id=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
                        "--archiver.clusters[1].region=cn-north-4", "--archiver.clusters[1].cluster-id=c-example")
                .env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("archiver.clusters[1].cluster-id: cluster c-example is listed under project "
                + "9f8e7d6c5b4a39281706f5e4d3c2b1a0 and, as archiver.clusters[0], under project " + PROJECT);
    }

    @Test
    void neverPrintsAPasswordGivenInTheJdbcUrl() throws Exception {
        Result result = ArchiverProcess.command("archive", "--spring.config.additional-location=" + config,
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/archiver?user=x&password=hunter2-secret")
                .withoutTestDatabase().env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("Cannot use the PostgreSQL database at", "password=***")
                .doesNotContain("hunter2-secret");
    }

    @Test
    void retriesAThrottledDiscoveryLikeAnyOtherCall() throws Exception {
        // given: a project whose clusters list is throttled once
        ScriptedFleet.Builder fleet = ScriptedFleet.builder()
                .cluster(PROJECT, "c-found", "found", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()));
        fleet.clustersList(PROJECT, SimulatedResponse.throttled(1), fleet.listOf(PROJECT));
        try (CceApiSimulator api = CceApiSimulator.start(fleet.build(),
                new SimulatorOptions(0, Map.of("IT-AK", SECRET), Duration.ZERO, FaultOptions.none()))) {
            ArchiveDatabase.reset();

            // when
            Result result = discovering(api).run();

            // then
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("autopilot clusters of project " + PROJECT
                    + " in cn-north-4 (account default): attempt 1 of 5 failed: THROTTLED HTTP 429 APIGW.0308");
            assertThat(TestPostgres.query("SELECT cluster_id FROM upgrade_history.cluster_fetch")).containsExactly("c-found");
        }
    }

    @Test
    void aProjectWhoseClustersCannotBeListedFailsAloneAndTheOtherProjectsClustersAreArchived() throws Exception {
        // given: PROJECT's Autopilot clusters list is refused (an account without permission there; the scripted list
        // answers that family's call, its standard list is empty); another project's clusters are listed
        String other = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        ScriptedFleet.Builder fleet = ScriptedFleet.builder()
                .cluster(other, "c-found", "found", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                .clustersList(PROJECT, SimulatedResponse.error(403, "{\"error_code\":\"CCE.01403000\",\"error_msg\":\"no\"}"));
        try (CceApiSimulator api = CceApiSimulator.start(fleet.build(),
                new SimulatorOptions(0, Map.of("IT-AK", SECRET), Duration.ZERO, FaultOptions.none()))) {
            ArchiveDatabase.reset();

            // when
            Result result = discovering(api).args("--archiver.discovery[1].project-id=" + other,
                    "--archiver.discovery[1].region=cn-north-4").run();

            // then: exit 3, a failed entry for the family that could not be listed, the other project archived
            assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
            assertThat(result.output()).contains("cluster (project " + PROJECT + " in cn-north-4: autopilot clusters not listed)"
                    + " (account default) FAILED: FORBIDDEN HTTP 403 CCE.01403000: the autopilot clusters of project " + PROJECT
                    + " in cn-north-4 could not be listed (no); none of them was archived");
            assertThat(TestPostgres.query("SELECT cluster_id || ' ' || outcome || ' ' || coalesce(http_status::text, '-')"
                    + " FROM upgrade_history.cluster_fetch ORDER BY cluster_id")).containsExactly(
                    "(project " + PROJECT + " in cn-north-4: autopilot clusters not listed) FAILED 403",
                    "c-found OK 200");
            assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.upgrade_task WHERE cluster_id = 'c-found'"))
                    .containsExactly("2");
        }
    }

    @Test
    void noClustersAtAllExitsTwoNamingTheKey() throws Exception {
        Result result = ArchiverProcess.command("archive").env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("archiver.clusters: no clusters configured");
    }

    @Test
    void missingCredentialsExitTwoNamingTheVariable() throws Exception {
        Result result = ArchiverProcess.command("archive", "--spring.config.additional-location=" + config).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("CLOUD_SDK_AK");
    }

    @Test
    void anUnknownOptionIsBadUsage() throws Exception {
        Result result = ArchiverProcess.command("archive", "--frobnicate").withoutTestDatabase().run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("Unknown option or argument: '--frobnicate'");
    }

    @Test
    void neverPrintsTheSecretKeyEvenAtDebugLevel() throws Exception {
        Result result = archive().args("--logging.level.root=DEBUG", "--logging.level.com.huaweicloud.sdk=TRACE").run();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isNotBlank().doesNotContain(SECRET);
    }

    @Test
    void logsOneJsonObjectPerLineForLogPipelines() throws Exception {
        Result result = archive().args("--log-format", "json").run();

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> lines = result.output().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            JsonNode event = JsonMapper.shared().readTree(line);
            assertThat(event.path("@timestamp").isString()).isTrue();
            assertThat(event.path("log").path("level").asString()).isNotBlank();
        });
        assertThat(lines).anySatisfy(line -> assertThat(JsonMapper.shared().readTree(line).path("message").asString())
                .startsWith("archive run").contains("SUCCEEDED"));
    }

    @Test
    void archivesEveryDiscoveredClusterOnceTogetherWithTheConfiguredOnes() throws Exception {
        // given: a generated fleet of five clusters, two of them also configured by hand
        try (CceApiSimulator fleet = CceApiSimulator.start(new GeneratedFleet(PROJECT, 5, 4, 42),
                new SimulatorOptions(0, Map.of("IT-AK", SECRET), Duration.ZERO, FaultOptions.none()))) {
            ArchiveDatabase.reset();
            String discovered = new GeneratedFleet(PROJECT, 5, 4, 42).clusters(PROJECT).get(0).clusterId();

            // when
            Result result = ArchiverProcess.command("archive", "--archiver.api.endpoint=" + fleet.endpoint(),
                            "--archiver.discovery[0].project-id=" + PROJECT, "--archiver.discovery[0].region=cn-north-4",
                            "--archiver.clusters[0].project-id=" + PROJECT, "--archiver.clusters[0].region=cn-north-4",
                            "--archiver.clusters[0].cluster-id=" + discovered, "--archiver.clusters[0].name=named-by-hand")
                    .env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET).run();

            // then
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(TestPostgres.query("SELECT count(*) || ' ' || count(DISTINCT cluster_id) FROM upgrade_history.cluster_fetch"))
                    .containsExactly("5 5");
            assertThat(TestPostgres.query("SELECT cluster_name FROM upgrade_history.cluster_fetch WHERE cluster_id = '" + discovered + "'"))
                    .containsExactly("named-by-hand");
            assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.upgrade_task")).containsExactly("20");
        }
    }

    /** An archive of the project's clusters, as discovery finds them. */
    private static ArchiverProcess discovering(CceApiSimulator api) {
        return ArchiverProcess.command("archive", "--archiver.api.endpoint=" + api.endpoint(),
                        "--archiver.discovery[0].project-id=" + PROJECT, "--archiver.discovery[0].region=cn-north-4")
                .env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET);
    }

    private static ArchiverProcess archive() {
        return ArchiverProcess.command("archive", "--spring.config.additional-location=" + config)
                .env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET);
    }
}
