package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ApiTimestamps;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.FailureClass;
import io.github.cceupgradearchiver.cce.TaskListFetch;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The writer against real PostgreSQL: what it writes, and above all what it does not rewrite. */
@SpringBootTest
class UpgradeTaskWriterTest {

    private static final ClusterRef CLUSTER = new ClusterRef("p1", "cn-north-4", "c1", "prod");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private ArchivedResponses responses;
    private ClusterSnapshotProcessor processor;
    private long runId;

    @BeforeEach
    void emptyArchive() {
        ArchiveDatabase.reset();
        runId = new ArchiveRuns(jdbc).open(1, 1, clock.instant());
        responses = new ArchivedResponses(jdbc);
        processor = new ClusterSnapshotProcessor(new UpgradeTaskNormalizer(new ApiTimestamps(ZoneId.of("Asia/Shanghai"))),
                responses::last);
    }

    @Test
    void storesTheDocumentedExampleToTheMicrosecond() {
        // when
        write(Fixtures.exampleUpgradeTasks());

        // then
        Map<String, Object> row = jdbc.sql("""
                SELECT project_id, source_version, target_version, phase,
                       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS created,
                       to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS completed,
                       duration_seconds::text AS duration, raw->'metadata'->>'creationTimestamp' AS raw_created
                FROM upgrade_history.upgrade_task WHERE task_id = 'f40cafed-7bf1-4c3b-b619-80113b4bbb18'
                """).query().singleRow();
        assertThat(row).containsEntry("project_id", "p1")
                .containsEntry("source_version", "v1.17.17-r0")
                .containsEntry("target_version", "v1.19.16-r80")
                .containsEntry("phase", "Success")
                .containsEntry("created", "2023-11-24 08:41:12.092360")
                .containsEntry("completed", "2023-11-24 08:44:05.634206")
                .containsEntry("duration", "173.541846")
                .containsEntry("raw_created", "2023-11-24 16:41:12.09236 +0800 CST");
        assertThat(fetchRow()).containsEntry("outcome", "OK").containsEntry("tasks_seen", 2)
                .containsEntry("tasks_inserted", 2).containsEntry("tasks_changed", 0);
    }

    @Test
    void rewritesNothingWhenNothingChanged() {
        // given
        write(Fixtures.exampleUpgradeTasks());
        List<Long> versionsBefore = rowVersions();

        // when: the same tasks in a response that differs (one more top-level field), so it is read and upserted
        String sameTasks = Fixtures.exampleUpgradeTasks().replaceFirst("\\{", "{\"kind\":\"List\",");
        ClusterOutcome outcome = write(sameTasks);

        // then: SQL found every row unchanged; the response is the one now archived
        assertThat(rowVersions()).isEqualTo(versionsBefore);
        assertThat(revisionCount()).isEqualTo(2);
        assertThat(outcome.inserted()).isZero();
        assertThat(outcome.changed()).isZero();
        assertThat(outcome.delisted()).isZero();
        assertThat(responses.last(CLUSTER.clusterId())).get().extracting(ArchivedResponse::bodySha256)
                .isEqualTo(ArchivedResponse.sha256(sameTasks));
    }

    @Test
    void writesOnlyTheFetchForTheResponseItArchivedLast() {
        // given
        write(Fixtures.exampleUpgradeTasks());
        List<Long> versionsBefore = rowVersions();
        jdbc.sql("DELETE FROM upgrade_history.cluster_fetch").update();

        // when: the very same response again
        ClusterSnapshot snapshot = processor.process(new TaskListFetch.Fetched(CLUSTER, Fixtures.exampleUpgradeTasks(), 1));
        ClusterOutcome outcome = write(snapshot);

        // then: not read, nothing rewritten, and the fetch recorded with what the response holds
        assertThat(snapshot.unchanged()).isTrue();
        assertThat(rowVersions()).isEqualTo(versionsBefore);
        assertThat(revisionCount()).isEqualTo(2);
        assertThat(outcome.seen()).isEqualTo(2);
        assertThat(fetchRow()).containsEntry("outcome", "OK").containsEntry("tasks_seen", 2)
                .containsEntry("tasks_inserted", 0).containsEntry("tasks_changed", 0);
    }

    @Test
    void recordsAChangedStateAndCountsIt() {
        write(task("t1", "Running", "2023-11-24 16:42:00 +0800 CST", ""));

        ClusterOutcome outcome = write(task("t1", "Success", "2023-11-24 16:50:00 +0800 CST", "2023-11-24 16:50:00 +0800 CST"));

        assertThat(outcome.changed()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT string_agg(phase, ',' ORDER BY revision_id) FROM upgrade_history.upgrade_task_revision")
                .query(String.class).single()).isEqualTo("Running,Success");
        assertThat(jdbc.sql("SELECT phase || ' ' || duration_seconds FROM upgrade_history.upgrade_task WHERE task_id = 't1'")
                .query(String.class).single()).isEqualTo("Success 528.000000");
    }

    @Test
    void neverOverwritesANewerStateWithAnOlderOne() {
        write(task("t1", "Success", "2023-11-24 16:50:00 +0800 CST", "2023-11-24 16:50:00 +0800 CST"));

        ClusterOutcome outcome = write(task("t1", "Running", "2023-11-24 16:42:00 +0800 CST", ""));

        assertThat(outcome.changed()).isZero();
        assertThat(revisionCount()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT phase FROM upgrade_history.upgrade_task WHERE task_id = 't1'")
                .query(String.class).single()).isEqualTo("Success");
    }

    @Test
    void keepsADelistedTaskAndMarksIt() {
        write(Fixtures.exampleUpgradeTasks());

        ClusterOutcome outcome = write("{\"items\":[]}");

        assertThat(outcome.delisted()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task WHERE delisted_at = ?")
                .params(java.sql.Timestamp.from(clock.instant())).query(Integer.class).single()).isEqualTo(2);

        write(Fixtures.exampleUpgradeTasks());
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task WHERE delisted_at IS NULL")
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void quarantinesEachDistinctBadItemOnce() {
        String body = "{\"items\":[{\"metadata\":{\"uid\":\"bad\",\"creationTimestamp\":\"yesterday-ish\"}}]}";

        write(body);
        ClusterOutcome again = write(body);

        assertThat(again.rejected()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT task_id || ': ' || reason FROM upgrade_history.rejected_task").query(String.class).list())
                .containsExactly("bad: metadata.creationTimestamp: unparseable timestamp 'yesterday-ish': "
                        + "not a Go, RFC 3339 or offset-less timestamp");
    }

    @Test
    void aFailedFetchIsRecordedAndDelistsNothing() {
        write(Fixtures.exampleUpgradeTasks());
        var failure = new ApiFailure(FailureClass.FORBIDDEN, 403, "CCE.01403001", "upgrade API not enabled");

        ClusterOutcome outcome = write(ClusterSnapshot.failed(CLUSTER, 1, failure));

        assertThat(outcome.delisted()).isZero();
        assertThat(fetchRow()).containsEntry("outcome", "FAILED").containsEntry("http_status", 403)
                .containsEntry("error_class", "FORBIDDEN").containsEntry("error_code", "CCE.01403001")
                .containsEntry("error_message", "upgrade API not enabled");
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task WHERE delisted_at IS NULL")
                .query(Integer.class).single()).isEqualTo(2);
    }

    private static String task(String uid, String phase, String updated, String completed) {
        return """
                {"items":[{"metadata":{"uid":"%s","creationTimestamp":"2023-11-24 16:41:12 +0800 CST","updateTimestamp":"%s"},
                 "status":{"phase":"%s","completionTime":"%s"}}]}""".formatted(uid, updated, phase, completed);
    }

    private ClusterOutcome write(String body) {
        return write(processor.process(new TaskListFetch.Fetched(CLUSTER, body, 1)));
    }

    private ClusterOutcome write(ClusterSnapshot snapshot) {
        var outcomes = new java.util.ArrayList<ClusterOutcome>();
        transactions.executeWithoutResult(status ->
                new UpgradeTaskWriter(jdbc, responses, clock, runId, outcomes::add).write(Chunk.of(snapshot)));
        return outcomes.get(0);
    }

    private Map<String, Object> fetchRow() {
        return jdbc.sql("SELECT * FROM upgrade_history.cluster_fetch WHERE run_id = ?").params(runId).query().singleRow();
    }

    private int revisionCount() {
        return jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task_revision").query(Integer.class).single();
    }

    // xmin changes whenever PostgreSQL writes a new version of a row
    private List<Long> rowVersions() {
        return jdbc.sql("SELECT xmin::text::bigint FROM upgrade_history.upgrade_task ORDER BY task_id")
                .query(Long.class).list();
    }
}
