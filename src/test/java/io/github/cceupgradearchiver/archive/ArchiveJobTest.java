package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole job over real HTTP (the simulator checks every AK/SK signature) into real PostgreSQL, started as every
 * command starts it: through {@link ArchiveService}, which plans the run.
 */
@SpringBootTest
class ArchiveJobTest {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    static final String ODD_BODY = """
            {"kind":"List","apiVersion":"v3","metadata":{},"items":[
             {"kind":"UpgradeTask","metadata":{"uid":"odd-1","creationTimestamp":"2024-03-01 10:00:00.5 +0800 CST","updateTimestamp":"2024-03-01 10:05:00 +0800 CST"},
              "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},"status":{"phase":"Running","progress":55,"completionTime":""},"newField":{"x":[1,2.50]}},
             {"kind":"UpgradeTask","metadata":{"uid":"odd-2","creationTimestamp":"yesterday-ish"},"spec":{},"status":{}}]}""";

    static final CceApiSimulator SIMULATOR = CceApiSimulator.start(
            ScriptedFleet.builder()
                    .cluster(PROJECT, "c-example", "prod-payments",
                            SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                    .cluster(PROJECT, "c-odd", "staging", SimulatedResponse.ok(ODD_BODY))
                    .build(),
            new SimulatorOptions(0, Map.of("TEST-AK", "TEST-SK"), Duration.ZERO, FaultOptions.none()));

    @DynamicPropertySource
    static void archiverProperties(DynamicPropertyRegistry registry) {
        registry.add("archiver.api.endpoint", SIMULATOR::endpoint);
        registry.add("CLOUD_SDK_AK", () -> "TEST-AK");
        registry.add("CLOUD_SDK_SK", () -> "TEST-SK");
        String[][] clusters = {{"c-example", "prod-payments"}, {"c-odd", "staging"}, {"c-gone", "deleted-cluster"}};
        for (int i = 0; i < clusters.length; i++) {
            registry.add("archiver.clusters[" + i + "].project-id", () -> PROJECT);
            registry.add("archiver.clusters[" + i + "].region", () -> "cn-north-4");
            String id = clusters[i][0];
            String name = clusters[i][1];
            registry.add("archiver.clusters[" + i + "].cluster-id", () -> id);
            registry.add("archiver.clusters[" + i + "].name", () -> name);
        }
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Autowired
    ArchiveService archiveService;

    @Autowired
    JobRepository jobRepository;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void emptyArchive() {
        ArchiveDatabase.reset();
    }

    @Test
    void archivesEveryClusterItCanAndRecordsTheOneItCannot() throws Exception {
        // when
        RunSummary summary = archiveService.archive();

        // then
        assertThat(summary.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(lastExecutionStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("""
                SELECT task_id, phase, progress, duration_seconds::text,
                       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                FROM upgrade_history.upgrade_task ORDER BY task_id""").query().listOfRows())
                .extracting(row -> (List<Object>) new ArrayList<Object>(row.values()))
                .containsExactly(
                        Arrays.<Object>asList("91755b96-5fd8-4a6a-bda1-983de9055996", "Success", null, "1200.000000", "2023-11-24 11:54:35.194306"),
                        Arrays.<Object>asList("f40cafed-7bf1-4c3b-b619-80113b4bbb18", "Success", null, "173.541846", "2023-11-24 08:41:12.092360"),
                        Arrays.<Object>asList("odd-1", "Running", "55", null, "2024-03-01 02:00:00.500000"));
        assertThat(jdbc.sql("SELECT raw->'newField'->'x'->>1 FROM upgrade_history.upgrade_task WHERE task_id = 'odd-1'")
                .query(String.class).single()).isEqualTo("2.50");
        assertThat(jdbc.sql("SELECT cluster_id || ' ' || outcome || ' ' || coalesce(error_class, '-') || ' ' || http_status || ' ' || tasks_seen "
                + "FROM upgrade_history.cluster_fetch ORDER BY cluster_id").query(String.class).list())
                .containsExactly("c-example OK - 200 2", "c-gone FAILED NOT_FOUND 404 0", "c-odd OK - 200 2");
        assertThat(jdbc.sql("SELECT reason FROM upgrade_history.rejected_task").query(String.class).single())
                .startsWith("metadata.creationTimestamp: unparseable timestamp 'yesterday-ish'");
        assertThat(jdbc.sql("""
                SELECT status, clusters_total, clusters_failed, tasks_seen, tasks_inserted, tasks_changed, tasks_rejected
                FROM upgrade_history.archive_run""").query().singleRow())
                .containsEntry("status", "PARTIAL").containsEntry("clusters_total", 3).containsEntry("clusters_failed", 1)
                .containsEntry("tasks_seen", 4).containsEntry("tasks_inserted", 3).containsEntry("tasks_changed", 0)
                .containsEntry("tasks_rejected", 1);
        // the three tasks' revisions, and the upgrade info of the two clusters that answered (this fleet has no other evidence)
        assertThat(jdbc.sql("SELECT revision_count FROM upgrade_history.archive_seal").query(Long.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT kind || ' ' || cluster_id FROM upgrade_history.evidence_revision ORDER BY cluster_id")
                .query(String.class).list()).containsExactly("upgrade_info c-example", "upgrade_info c-odd");
    }

    @Test
    void aSecondRunThatSeesNothingNewWritesNoTaskAndNoRevision() throws Exception {
        // given
        archiveService.archive();
        List<String> versions = jdbc.sql("SELECT xmin::text FROM upgrade_history.upgrade_task ORDER BY task_id")
                .query(String.class).list();

        // when
        RunSummary second = archiveService.archive();

        // then: a new run (the first one completed), which fetched every cluster again
        assertThat(second.runId()).isEqualTo(2);
        assertThat(lastExecutionStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.cluster_fetch WHERE run_id = 2").query(Integer.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("SELECT xmin::text FROM upgrade_history.upgrade_task ORDER BY task_id")
                .query(String.class).list()).isEqualTo(versions);
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task_revision").query(Integer.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("SELECT revision_count FROM upgrade_history.archive_seal ORDER BY seal_id")
                .query(Long.class).list()).containsExactly(5L, 0L);
        assertThat(jdbc.sql("SELECT tasks_inserted + tasks_changed FROM upgrade_history.archive_run WHERE run_id = 2")
                .query(Integer.class).single()).isZero();
    }

    private BatchStatus lastExecutionStatus() {
        return jobRepository.getLastJobExecution(jobRepository.getLastJobInstance("archiveJob")).getStatus();
    }
}
