package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.EvidenceCall;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.RequestLog;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13, done when: a stand-in serving an Autopilot, a standard and a Turbo cluster with tasks, pre-checks,
 * snapshots, workflows (one list as an object, one as an array) and upgrade info, archived by discovery of the project.
 */
class UpgradeEvidenceIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String SECRET = "s3cr3t-SK-must-never-be-printed";
    static final RequestLog requests = new RequestLog();
    static CceApiSimulator simulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startApi() {
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        // Autopilot: one upgrade, its workflow listed as the documented single object
                        .cluster(PROJECT, "c-auto", "prod-payments", ok(tasks(
                                task("t-auto-1", "v1.28.3-r0", "v1.29.1-r0", "2024-05-01 10:00:00.123456789 +0800 CST",
                                        "2024-05-01 10:20:00.5 +0800 CST", "Success"))))
                        .evidence(PROJECT, "c-auto", EvidenceCall.PRECHECK, ok(list(precheck("p-auto-1", "v1.29.1-r0",
                                "2024-05-01 09:30:00.000001 +0800 CST", "Success", true, false, true))))
                        .evidence(PROJECT, "c-auto", EvidenceCall.SNAPSHOT, ok(list(snapshot("s-auto-1",
                                "2024-05-01 09:50:00.25 +0800 CST"))))
                        .evidence(PROJECT, "c-auto", EvidenceCall.WORKFLOW, ok("{\"kind\":\"List\",\"apiVersion\":\"v3\",\"items\":"
                                + workflow("w-auto-1", "2024-05-01T09:29:00.123456789+08:00", "p-auto-1", "s-auto-1", "t-auto-1") + "}"))
                        .evidence(PROJECT, "c-auto", EvidenceCall.UPGRADE_INFO, ok(upgradeInfo("v1.29", "2024-05-01T10:20:00.5+08:00")))
                        // Standard: no workflow kept, linked by time; the second upgrade had no snapshot since the first
                        .standard(PROJECT, "c-std", "prod-ledger", ok(tasks(
                                task("t-std-1", "v1.27.3-r0", "v1.28.3-r0", "2024-06-01 12:00:00 +0800 CST",
                                        "2024-06-01 12:30:00 +0800 CST", "Success"),
                                task("t-std-2", "v1.28.3-r0", "v1.29.1-r0", "2024-07-01 12:00:00 +0800 CST",
                                        "2024-07-01 12:40:00 +0800 CST", "Success"))))
                        .evidence(PROJECT, "c-std", EvidenceCall.PRECHECK, ok(list(
                                precheck("p-std-1", "v1.28.3-r0", "2024-06-01 11:00:00 +0800 CST", "Success", false, false, false),
                                precheck("p-std-2", "v1.29.1-r0", "2024-07-01 11:30:00 +0800 CST", "Success", false, true, false))))
                        .evidence(PROJECT, "c-std", EvidenceCall.SNAPSHOT, ok(list(snapshot("s-std-1",
                                "2024-06-01 11:45:00 +0800 CST"))))
                        .evidence(PROJECT, "c-std", EvidenceCall.UPGRADE_INFO, ok(upgradeInfo("v1.29", "2024-07-01T12:40:00+08:00")))
                        // Turbo: two upgrades, workflows listed as an array
                        .standard(PROJECT, "c-turbo", "prod-search", ok(tasks(
                                task("t-turbo-1", "v1.28.3-r0", "v1.29.1-r0", "2024-08-01 08:00:00 +0800 CST",
                                        "2024-08-01 08:25:00 +0800 CST", "Success"),
                                task("t-turbo-2", "v1.29.1-r0", "v1.30.1-r0", "2024-09-01 08:00:00 +0800 CST",
                                        "2024-09-01 08:15:00 +0800 CST", "Failed"))))
                        .evidence(PROJECT, "c-turbo", EvidenceCall.PRECHECK, ok(list(
                                precheck("p-turbo-1", "v1.29.1-r0", "2024-08-01 07:00:00 +0800 CST", "Success", false, false, false),
                                precheck("p-turbo-2", "v1.30.1-r0", "2024-09-01 07:00:00 +0800 CST", "Failed", true, true, true))))
                        .evidence(PROJECT, "c-turbo", EvidenceCall.SNAPSHOT, ok(list(
                                snapshot("s-turbo-1", "2024-08-01 07:30:00 +0800 CST"),
                                snapshot("s-turbo-2", "2024-09-01 07:30:00 +0800 CST"))))
                        .evidence(PROJECT, "c-turbo", EvidenceCall.WORKFLOW, ok("{\"kind\":\"List\",\"apiVersion\":\"v3\",\"items\":["
                                + workflow("w-turbo-1", "2024-08-01T06:59:00Z", "p-turbo-1", "s-turbo-1", "t-turbo-1") + ","
                                + workflow("w-turbo-2", "2024-09-01T06:59:00Z", "p-turbo-2", "s-turbo-2", "t-turbo-2") + "]}"))
                        .build(),
                new SimulatorOptions(0, Map.of("IT-AK", SECRET), Duration.ZERO, FaultOptions.none()), requests);
    }

    @AfterAll
    static void stopApi() {
        simulator.close();
    }

    @Test
    void archivesEveryUpgradeOfBothFamiliesWithItsLinkedEvidenceAndARerunWritesNothing() throws Exception {
        // given
        ArchiveDatabase.reset();

        // when
        Result first = archive().run();

        // then: discovery found all three clusters, each in its family, and every call went to its family's paths
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).doesNotContain(SECRET);
        assertThat(TestPostgres.query("SELECT cluster_id || ' ' || family || ' ' || outcome FROM upgrade_history.cluster_fetch "
                + "ORDER BY cluster_id")).containsExactly("c-auto autopilot OK", "c-std standard OK", "c-turbo standard OK");
        List<String> paths = requests.paths().stream().map(path -> URI.create(path).getPath()).toList();
        assertThat(paths).filteredOn(path -> path.contains("/c-auto/")).isNotEmpty().allMatch(path -> path.startsWith("/autopilot/"));
        assertThat(paths).filteredOn(path -> path.contains("/c-std/") || path.contains("/c-turbo/")).hasSize(10)
                .allMatch(path -> path.startsWith("/api/"));
        assertThat(paths).contains("/api/v3.1/projects/" + PROJECT + "/clusters/c-std/operation/snapshot/tasks",
                "/autopilot/v3/projects/" + PROJECT + "/clusters/c-auto/upgradeinfo");

        // and every object is in its table, timestamps to the microsecond
        assertThat(TestPostgres.query("""
                SELECT family || ' ' || cluster_id || ' ' || task_id || ' ' || target_version || ' ' || phase || ' '
                       || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                FROM upgrade_history.precheck_task ORDER BY task_id""")).containsExactly(
                "autopilot c-auto p-auto-1 v1.29.1-r0 Success 2024-05-01 01:30:00.000001",
                "standard c-std p-std-1 v1.28.3-r0 Success 2024-06-01 03:00:00.000000",
                "standard c-std p-std-2 v1.29.1-r0 Success 2024-07-01 03:30:00.000000",
                "standard c-turbo p-turbo-1 v1.29.1-r0 Success 2024-07-31 23:00:00.000000",
                "standard c-turbo p-turbo-2 v1.30.1-r0 Failed 2024-08-31 23:00:00.000000");
        assertThat(TestPostgres.query("""
                SELECT task_id || ' ' || phase || ' ' || to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                FROM upgrade_history.snapshot_task ORDER BY task_id""")).containsExactly(
                "s-auto-1 Success 2024-05-01 01:50:00.250000", "s-std-1 Success 2024-06-01 03:45:00.000000",
                "s-turbo-1 Success 2024-07-31 23:30:00.000000", "s-turbo-2 Success 2024-08-31 23:30:00.000000");
        assertThat(TestPostgres.query("""
                SELECT workflow_id || ' ' || cluster_id || ' ' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                FROM upgrade_history.upgrade_workflow ORDER BY workflow_id""")).containsExactly(
                "w-auto-1 c-auto 2024-05-01 01:29:00.123456", "w-turbo-1 c-turbo 2024-08-01 06:59:00.000000",
                "w-turbo-2 c-turbo 2024-09-01 06:59:00.000000");
        assertThat(TestPostgres.query("""
                SELECT cluster_id || ' ' || cluster_version || ' ' || phase || ' '
                       || to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                FROM upgrade_history.cluster_upgrade_info WHERE cluster_version IS NOT NULL ORDER BY cluster_id""")).containsExactly(
                "c-auto v1.29 Success 2024-05-01 02:20:00.500000", "c-std v1.29 Success 2024-07-01 04:40:00.000000");
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.cluster_upgrade_info")).containsExactly("3");

        // and each upgrade is linked to its workflow, pre-check and snapshot, saying how
        assertThat(TestPostgres.query("""
                SELECT family || ' ' || task_id || ' ' || coalesce(workflow_id, '-') || ' '
                       || coalesce(precheck_task_id, '-') || ' ' || coalesce(precheck_phase, '-') || ' ' || coalesce(precheck_link, '-')
                       || ' ' || coalesce(snapshot_task_id, '-') || ' ' || coalesce(snapshot_link, '-') || ' '
                       || coalesce(jsonb_array_length(precheck_warnings), -1) || ' ' || coalesce(jsonb_array_length(precheck_risks), -1)
                       || ' ' || coalesce(jsonb_array_length(precheck_skipped), -1)
                FROM upgrade_history.v_upgrade_evidence ORDER BY task_id""")).containsExactly(
                "autopilot t-auto-1 w-auto-1 p-auto-1 Success workflow s-auto-1 workflow 1 0 1",
                "standard t-std-1 - p-std-1 Success time s-std-1 time 0 0 0",
                "standard t-std-2 - p-std-2 Success time - - 0 1 0",
                "standard t-turbo-1 w-turbo-1 p-turbo-1 Success workflow s-turbo-1 workflow 0 0 0",
                "standard t-turbo-2 w-turbo-2 p-turbo-2 Failed workflow s-turbo-2 workflow 1 1 1");

        // when: the same answers again
        String before = rowVersions();
        Result second = archive().run();

        // then: no row written in any task, evidence or revision table
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(rowVersions()).isEqualTo(before);

        // when: the report of the year, as CSV
        Path csv = dir.resolve("upgrades.csv");
        Result report = ArchiverProcess.command("report", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "csv",
                "--output", csv.toString()).run();

        // then: each upgrade's row carries the ids of its evidence and how they were linked
        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(Files.readAllLines(csv)).filteredOn(line -> line.startsWith("t-")).extracting(
                line -> String.join(" ", List.of(line.split(",", -1)).subList(13, 23))).containsExactly(
                "w-auto-1 p-auto-1 Success workflow 1 0 1 s-auto-1 Success workflow",
                " p-std-1 Success time 0 0 0 s-std-1 Success time",
                " p-std-2 Success time 0 1 0   ",
                "w-turbo-1 p-turbo-1 Success workflow 0 0 0 s-turbo-1 Success workflow",
                "w-turbo-2 p-turbo-2 Failed workflow 1 1 1 s-turbo-2 Success workflow");

        // when: a pre-check altered after the fact (as superuser, triggers off)
        try (Connection connection = TestPostgres.connect(); Statement sql = connection.createStatement()) {
            sql.execute("SET session_replication_role = replica");
            sql.execute("UPDATE upgrade_history.evidence_revision SET raw = jsonb_set(raw, '{status,phase}', '\"Success\"') "
                    + "WHERE kind = 'precheck' AND object_id = 'p-turbo-2'");
            sql.execute("UPDATE upgrade_history.precheck_task SET raw = jsonb_set(raw, '{status,phase}', '\"Success\"'), "
                    + "phase = 'Success' WHERE task_id = 'p-turbo-2'");
        }
        Result verify = ArchiverProcess.command("verify").run();

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(verify.output()).contains("ARCHIVE ALTERED", "p-turbo-2");
    }

    @Test
    void aForbiddenEvidenceCallFailsItsClusterPartlyAndLosesNoTask() throws Exception {
        // given
        ArchiveDatabase.reset();
        try (CceApiSimulator forbidding = CceApiSimulator.start(ScriptedFleet.builder()
                        .standard(PROJECT, "c-std", "prod-ledger", ok(tasks(task("t-1", "v1.28.3-r0", "v1.29.1-r0",
                                "2024-07-01 12:00:00 +0800 CST", "2024-07-01 12:40:00 +0800 CST", "Success"))))
                        .evidence(PROJECT, "c-std", EvidenceCall.SNAPSHOT, SimulatedResponse.error(403,
                                "{\"error_code\":\"CCE.01403000\",\"error_msg\":\"no permission to list snapshots\"}"))
                        .evidence(PROJECT, "c-std", EvidenceCall.PRECHECK, ok(list(precheck("p-1", "v1.29.1-r0",
                                "2024-07-01 11:30:00 +0800 CST", "Success", false, false, false))))
                        .build(),
                new SimulatorOptions(0, Map.of("IT-AK", SECRET), Duration.ZERO, FaultOptions.none()))) {

            // when
            Result result = ArchiverProcess.command("archive", "--archiver.api.endpoint=" + forbidding.endpoint(),
                            "--archiver.clusters[0].project-id=" + PROJECT, "--archiver.clusters[0].region=cn-north-4",
                            "--archiver.clusters[0].cluster-id=c-std", "--archiver.clusters[0].family=standard")
                    .env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET).run();

            // then
            assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
            assertThat(result.output()).contains("snapshot evidence: no permission to list snapshots");
            assertThat(TestPostgres.query("SELECT kind || ' ' || outcome || ' ' || coalesce(http_status::text, '-') "
                    + "FROM upgrade_history.evidence_fetch ORDER BY kind")).containsExactly(
                    "precheck OK 200", "snapshot FAILED 403", "upgrade_info OK 200", "workflow OK 200");
            assertThat(TestPostgres.query("SELECT task_id FROM upgrade_history.upgrade_task")).containsExactly("t-1");
            assertThat(TestPostgres.query("SELECT task_id FROM upgrade_history.precheck_task")).containsExactly("p-1");
            assertThat(TestPostgres.query("SELECT outcome || ' ' || tasks_seen FROM upgrade_history.cluster_fetch"))
                    .containsExactly("FAILED 1");
        }
    }

    @Test
    void aFamilyThatIsNeitherExitsTwoNamingTheKey() throws Exception {
        Result result = ArchiverProcess.command("archive", "--archiver.clusters[0].project-id=" + PROJECT,
                "--archiver.clusters[0].region=cn-north-4", "--archiver.clusters[0].cluster-id=c-std",
                "--archiver.clusters[0].family=hybrid").run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("archiver.clusters[0].family", "hybrid");
    }

    /** Row versions (xmin) of every task and evidence table, and the revision and quarantine counts. */
    private static String rowVersions() throws Exception {
        return String.join("\n", TestPostgres.query("""
                SELECT 'task ' || string_agg(task_id || ':' || xmin, ',' ORDER BY task_id) FROM upgrade_history.upgrade_task
                UNION ALL SELECT 'precheck ' || string_agg(task_id || ':' || xmin, ',' ORDER BY task_id) FROM upgrade_history.precheck_task
                UNION ALL SELECT 'snapshot ' || string_agg(task_id || ':' || xmin, ',' ORDER BY task_id) FROM upgrade_history.snapshot_task
                UNION ALL SELECT 'workflow ' || string_agg(workflow_id || ':' || xmin, ',' ORDER BY workflow_id) FROM upgrade_history.upgrade_workflow
                UNION ALL SELECT 'info ' || string_agg(cluster_id || ':' || xmin, ',' ORDER BY cluster_id) FROM upgrade_history.cluster_upgrade_info
                UNION ALL SELECT 'revisions ' || (SELECT count(*) FROM upgrade_history.upgrade_task_revision)
                                 || ' ' || (SELECT count(*) FROM upgrade_history.evidence_revision)
                UNION ALL SELECT 'rejected ' || count(*) FROM upgrade_history.rejected_task
                UNION ALL SELECT 'responses ' || string_agg(cluster_id || kind || ':' || xmin, ',' ORDER BY cluster_id, kind)
                          FROM upgrade_history.evidence_response"""));
    }

    private static ArchiverProcess archive() throws Exception {
        Path config = dir.resolve("application.yml");
        Files.writeString(config, """
                archiver:
                  api:
                    endpoint: %s
                  clusters:
                    - {project-id: %s, region: cn-north-4, cluster-id: c-std, name: prod-ledger, family: standard}
                  discovery:
                    - {project-id: %s, region: cn-north-4}
                """.formatted(simulator.endpoint(), PROJECT, PROJECT));
        return ArchiverProcess.command("archive", "--spring.config.additional-location=" + config)
                .env("CLOUD_SDK_AK", "IT-AK").env("CLOUD_SDK_SK", SECRET);
    }

    private static SimulatedResponse ok(String body) {
        return SimulatedResponse.ok(body);
    }

    private static String tasks(String... items) {
        return "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":[" + String.join(",", items) + "]}";
    }

    private static String list(String... items) {
        return "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":[" + String.join(",", items) + "]}";
    }

    private static String task(String uid, String from, String to, String created, String completed, String phase) {
        return """
                {"kind":"UpgradeTask","apiVersion":"v3","metadata":{"uid":"%s","creationTimestamp":"%s","updateTimestamp":"%s"},
                 "spec":{"version":"%s","targetVersion":"%s"},"status":{"phase":"%s","progress":"100","completionTime":"%s"}}"""
                .formatted(uid, created, completed, from, to, phase, completed);
    }

    private static String precheck(String uid, String target, String created, String phase, boolean warning, boolean risk,
                                   boolean skipped) {
        return """
                {"kind":"PreCheckTask","apiVersion":"v3","metadata":{"uid":"%s","creationTimestamp":"%s","updateTimestamp":"%s"},
                 "spec":{"clusterVersion":"v1.28.3-r0","targetVersion":"%s","skippedCheckItemList":[%s]},
                 "status":{"phase":"%s","expireTimeStamp":"2099-01-01 00:00:00 +0800 CST","message":"",
                  "clusterCheckStatus":{"phase":"%s","itemsStatus":[
                    {"name":"DeprecatedAPICheck","kind":"Cluster","group":"LimitCheck","level":"%s","phase":"Success","message":"",
                     "riskSource":{"deprecatedAPIRisks":[%s]}}]},
                  "addonCheckStatus":{"phase":"Success","itemsStatus":[]},
                  "nodeCheckStatus":{"phase":"Success","nodeStageStatus":[{"nodeInfo":{"uid":"n1"},"itemsStatus":[
                    {"name":"NodeDiskCheck","kind":"Node","level":"Info","phase":"Success","message":""}]}]}}}"""
                .formatted(uid, created, created, target, skipped ? "{\"name\":\"NodeKernelVersionCheck\"}" : "", phase, phase,
                        warning ? "Warning" : "Info", risk ? "{\"url\":\"/apis/policy/v1beta1/podsecuritypolicies\"}" : "");
    }

    private static String snapshot(String uid, String completed) {
        return """
                {"kind":"SnapshotTask","apiVersion":"v3.1","metadata":{"uid":"%s","creationTimestamp":"%s","updateTimestamp":"%s"},
                 "spec":{"items":[{"id":"e1","type":"EtcdSnapshot","status":"Success"}]},
                 "status":{"phase":"Success","progress":"100","completionTime":"%s"}}""".formatted(uid, completed, completed, completed);
    }

    private static String workflow(String uid, String created, String precheck, String snapshot, String task) {
        return """
                {"kind":"WorkFlowTask","apiVersion":"v3","metadata":{"uid":"%s","creationTimestamp":"%s","updateTimestamp":"%s"},
                 "spec":{"clusterVersion":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},
                 "status":{"phase":"Success","pointStatuses":[{"taskType":"PreCheck","taskID":"%s","status":"Success"},
                  {"taskType":"Snapshot","taskID":"%s","status":"Success"},{"taskType":"Cluster","taskID":"%s","status":"Success"}],
                  "lineStatuses":[]}}""".formatted(uid, created, created, precheck, snapshot, task);
    }

    private static String upgradeInfo(String release, String completed) {
        return """
                {"kind":"UpgradeInfo","apiVersion":"v3","metadata":{"uid":"info"},
                 "spec":{"lastUpgradeInfo":{"phase":"Success","progress":"100","completionTime":"%s"},
                  "versionInfo":{"release":"%s","patch":"r0","targetVersions":["v1.30"]}},"status":{"phase":"Success"}}"""
                .formatted(completed, release);
    }
}
