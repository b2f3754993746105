package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.cce.ApiAnswer;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ApiTimestamps;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.FailureClass;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import io.github.cceupgradearchiver.history.Seal;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The writer against real PostgreSQL: what it writes, what it does not rewrite, and what it cannot write. */
@SpringBootTest
class ClusterSnapshotWriterTest {

    private static final ClusterRef CLUSTER = new ClusterRef("p1", "cn-north-4", "c1", "prod");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    ArchiveSealer sealer;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private ArchivedResponses responses;
    private ClusterSnapshotProcessor processor;
    private long runId;

    @BeforeEach
    void emptyArchive() {
        ArchiveDatabase.reset();
        runId = new ArchiveRuns(jdbc).open(1, "default", clock.instant());
        responses = new ArchivedResponses(jdbc);
        processor = new ClusterSnapshotProcessor(new UpgradeTaskNormalizer(new ApiTimestamps(ZoneId.of("Asia/Shanghai")),
                Duration.ofDays(1)), new EvidenceNormalizer(new ApiTimestamps(ZoneId.of("Asia/Shanghai")), Duration.ofDays(1)));
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
        assertThat(responses.last(List.of(CLUSTER.clusterId())).tasks(CLUSTER.clusterId())).get().extracting(ArchivedResponse::bodySha256)
                .isEqualTo(ArchivedResponse.sha256(sameTasks));
    }

    @Test
    void writesOnlyTheFetchForTheResponseItArchivedLast() {
        // given
        write(Fixtures.exampleUpgradeTasks());
        List<Long> versionsBefore = rowVersions();
        jdbc.sql("DELETE FROM upgrade_history.cluster_fetch").update();

        // when: the very same response again, which the reader recognises
        ArchivedResponse last = responses.last(List.of(CLUSTER.clusterId())).tasks(CLUSTER.clusterId()).orElseThrow();
        assertThat(last.sameAs(CLUSTER.projectId(), ArchivedResponse.sha256(Fixtures.exampleUpgradeTasks()))).isTrue();
        ClusterOutcome outcome = write(processor.process(new ClusterFetch.Unchanged(CLUSTER, last, 1, List.of())));

        // then: nothing rewritten, and the fetch recorded with what the response holds
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
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task WHERE delisted_at = :now")
                .param("now", java.sql.Timestamp.from(clock.instant())).query(Integer.class).single()).isEqualTo(2);

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

        ClusterOutcome outcome = write(new ClusterSnapshot.Failed(CLUSTER, 1, failure));

        assertThat(outcome.delisted()).isZero();
        assertThat(fetchRow()).containsEntry("outcome", "FAILED").containsEntry("http_status", 403)
                .containsEntry("error_class", "FORBIDDEN").containsEntry("error_code", "CCE.01403001")
                .containsEntry("error_message", "upgrade API not enabled");
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task WHERE delisted_at IS NULL")
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void keepsAListedTaskListedWhenItsNewItemIsMalformed() {
        // given
        write(Fixtures.exampleUpgradeTasks());

        // when: the same two tasks listed again, one of them with a creation time no parser reads
        ClusterOutcome outcome = write(Fixtures.exampleUpgradeTasks()
                .replace("2023-11-24 16:41:12.09236 +0800 CST", "yesterday-ish"));

        // then: quarantined, but still listed: nothing is delisted
        assertThat(outcome.rejected()).isEqualTo(1);
        assertThat(outcome.delisted()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task WHERE delisted_at IS NULL")
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void delistsNothingFromAResponseWithAnItemWithoutUid() {
        // given
        write(Fixtures.exampleUpgradeTasks());

        // when: a response whose only item has no uid: it could be either task
        ClusterOutcome outcome = write("""
                {"items":[{"metadata":{"creationTimestamp":"2023-11-24 16:41:12 +0800 CST"}}]}""");

        // then
        assertThat(outcome.rejected()).isEqualTo(1);
        assertThat(outcome.delisted()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task WHERE delisted_at IS NULL")
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void quarantinesAFarFutureStateAndArchivesTheRealOneAfterIt() {
        // given: a state from the year 9999 (the response was received on 2026-01-02)
        ClusterOutcome future = write(task("t1", "Running", "9999-12-31 23:59:59 +0000 UTC", ""));

        // when: the real state arrives
        ClusterOutcome real = write(task("t1", "Success", "2026-01-01 10:00:00 +0800 CST", "2026-01-01 10:00:00 +0800 CST"));

        // then
        assertThat(future.rejected()).isEqualTo(1);
        assertThat(future.inserted()).isZero();
        assertThat(jdbc.sql("SELECT reason FROM upgrade_history.rejected_task").query(String.class).single())
                .contains("metadata.updateTimestamp 9999-12-31T23:59:59Z is more than archiver.max-clock-skew (24h)");
        assertThat(real.inserted()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT phase FROM upgrade_history.upgrade_task WHERE task_id = 't1'").query(String.class).single())
                .isEqualTo("Success");
    }

    @Test
    void aStateFrozenInTheFutureByAnEarlierBuildNoLongerBlocksNewerStates() {
        // given: a row an earlier build stored from a far-future updateTimestamp (written here past the normalizer)
        ArchivedTask frozen = new ArchivedTask("t1", null, null, "Running", null, Instant.parse("2023-11-24T08:41:12Z"),
                Instant.parse("9999-01-01T00:00:00Z"), null, null,
                "{\"metadata\":{\"uid\":\"t1\",\"updateTimestamp\":\"9999-01-01T00:00:00Z\"}}");
        write(archived(List.of(frozen), Instant.parse("9999-12-31T00:00:00Z")));

        // when: a real, later state
        ClusterOutcome outcome = write(task("t1", "Success", "2023-11-24 16:50:00 +0800 CST", "2023-11-24 16:50:00 +0800 CST"));

        // then
        assertThat(outcome.changed()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT phase || ' ' || updated_at FROM upgrade_history.upgrade_task WHERE task_id = 't1'")
                .query(String.class).single()).startsWith("Success 2023-11-24");
    }

    @Test
    void quarantinesWhatPostgresqlRefusesAndArchivesItsSiblings() {
        // given: a uid far beyond what an index row holds (past the normalizer, which would have quarantined it first)
        ArchivedTask huge = new ArchivedTask(randomText(20_000), null, null, "Running", null,
                Instant.parse("2023-11-24T08:41:12Z"), null, null, null, "{\"huge\":true}");
        ArchivedTask good = new ArchivedTask("t1", null, null, "Running", null, Instant.parse("2023-11-24T08:41:12Z"),
                null, null, null, "{\"good\":true}");

        // when
        ClusterOutcome outcome = write(archived(List.of(huge, good), clock.instant().plus(Duration.ofDays(1))));

        // then
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.inserted()).isEqualTo(1);
        assertThat(outcome.rejected()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT task_id FROM upgrade_history.upgrade_task").query(String.class).list()).containsExactly("t1");
        assertThat(jdbc.sql("SELECT reason FROM upgrade_history.rejected_task").query(String.class).single())
                .startsWith("PostgreSQL refused it: ").contains("SQLSTATE 54000");
        assertThat(jdbc.sql("SELECT length(task_id) FROM upgrade_history.rejected_task").query(Integer.class).single())
                .isLessThan(300);
        assertThat(fetchRow()).containsEntry("outcome", "OK").containsEntry("tasks_rejected", 1);
    }

    @Test
    void failsOnlyTheClusterWhenPostgresqlRefusesItsWritesAndKeepsNoneOfThem() {
        // given: a constraint no cluster can satisfy, on one of the tables every archived cluster writes
        jdbc.sql("ALTER TABLE upgrade_history.cluster_response ADD CONSTRAINT test_refuses CHECK (tasks_seen < 0) NOT VALID")
                .update();
        try {
            // when
            ClusterOutcome outcome = write(Fixtures.exampleUpgradeTasks());

            // then: recorded as failed with PostgreSQL's reason, and nothing of the cluster written
            assertThat(outcome.failure()).isNotNull();
            assertThat(fetchRow()).containsEntry("outcome", "FAILED").containsEntry("error_class", "UNSTORABLE");
            assertThat((String) fetchRow().get("error_message")).startsWith("PostgreSQL refused this cluster's data")
                    .contains("test_refuses");
            assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task").query(Integer.class).single()).isZero();
            assertThat(revisionCount()).isZero();
        } finally {
            jdbc.sql("ALTER TABLE upgrade_history.cluster_response DROP CONSTRAINT test_refuses").update();
        }
    }

    @Test
    void writesEveryKindOfEvidenceWithItsResponseAndFetch() {
        // when
        ClusterOutcome outcome = write(withEvidence(Fixtures.exampleUpgradeTasks()));

        // then: each kind's objects, revision, response and fetch
        assertThat(outcome.failure()).isNull();
        assertThat(evidenceFetches()).containsExactly("precheck OK - 200 1 1 0 0", "snapshot OK - 200 1 1 0 0");
        assertThat(jdbc.sql("SELECT kind || ' ' || objects_seen FROM upgrade_history.evidence_response ORDER BY kind")
                .query(String.class).list()).containsExactly("precheck 1", "snapshot 1");
        assertThat(jdbc.sql("SELECT kind || ' ' || object_id FROM upgrade_history.evidence_revision ORDER BY kind")
                .query(String.class).list()).containsExactly("precheck p1", "snapshot s1");
    }

    @Test
    void looksUpTheResponsesEachClusterOfAPartitionWasLastArchivedFromInOneGo() {
        // given: c1 archived with two kinds of evidence; c2 never archived
        write(withEvidence(Fixtures.exampleUpgradeTasks()));

        // when
        ArchivedResponses.Last last = responses.last(List.of(CLUSTER.clusterId(), "c2"));

        // then: c1's task response and each kind's, as written; nothing for c2
        assertThat(last.tasks(CLUSTER.clusterId())).get()
                .isEqualTo(new ArchivedResponse("p1", ArchivedResponse.sha256(Fixtures.exampleUpgradeTasks()), 2, 0));
        assertThat(last.evidence(CLUSTER.clusterId())).containsOnlyKeys(EvidenceKind.PRECHECK, EvidenceKind.SNAPSHOT)
                .allSatisfy((kind, response) -> assertThat(response.tasksSeen()).isEqualTo(1));
        assertThat(last.tasks("c2")).isEmpty();
        assertThat(last.evidence("c2")).isEmpty();
    }

    @Test
    void failsOnlyTheKindOfEvidencePostgresqlRefusesAndKeepsTheOthers() {
        // given: a constraint no snapshot of this cluster satisfies
        jdbc.sql("ALTER TABLE upgrade_history.snapshot_task ADD CONSTRAINT test_refuses CHECK (phase <> 'Success') NOT VALID")
                .update();
        try {
            // when
            ClusterOutcome outcome = write(withEvidence(Fixtures.exampleUpgradeTasks()));

            // then: the snapshots failed with PostgreSQL's reason; the tasks and the pre-checks were archived
            assertThat(outcome.failure()).isNotNull();
            assertThat(outcome.failure().message()).startsWith("snapshot evidence: PostgreSQL refused this evidence")
                    .contains("test_refuses");
            assertThat(evidenceFetches()).containsExactly("precheck OK - 200 1 1 0 0",
                    "snapshot FAILED UNSTORABLE 0 0 0 0");
            assertThat(jdbc.sql("SELECT kind FROM upgrade_history.evidence_response").query(String.class).list())
                    .containsExactly("precheck");
            assertThat(jdbc.sql("SELECT kind || ' ' || object_id FROM upgrade_history.evidence_revision")
                    .query(String.class).list()).containsExactly("precheck p1");
            assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.snapshot_task").query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task").query(Integer.class).single()).isEqualTo(2);
            assertThat(fetchRow()).containsEntry("outcome", "FAILED").containsEntry("tasks_inserted", 2);
        } finally {
            jdbc.sql("ALTER TABLE upgrade_history.snapshot_task DROP CONSTRAINT test_refuses").update();
        }
    }

    private ClusterSnapshot withEvidence(String body) {
        String prechecks = """
                {"items":[{"metadata":{"uid":"p1","creationTimestamp":"2024-05-01 09:30:00 +0800 CST"},"status":{"phase":"Success"}}]}""";
        String snapshots = """
                {"items":[{"metadata":{"uid":"s1"},"status":{"phase":"Success","completionTime":"2024-05-01 09:50:00 +0800 CST"}}]}""";
        List<EvidenceFetch> evidence = List.of(
                new EvidenceFetch.Fetched(EvidenceKind.PRECHECK, new ApiAnswer(prechecks, clock.instant()),
                        ArchivedResponse.sha256(prechecks), 1),
                new EvidenceFetch.Fetched(EvidenceKind.SNAPSHOT, new ApiAnswer(snapshots, clock.instant()),
                        ArchivedResponse.sha256(snapshots), 1));
        return processor.process(new ClusterFetch.Fetched(CLUSTER, new ApiAnswer(body, clock.instant()),
                ArchivedResponse.sha256(body), 1, evidence));
    }

    private List<String> evidenceFetches() {
        return jdbc.sql("""
                SELECT concat_ws(' ', kind, outcome, coalesce(error_class, '-'), http_status, objects_seen, objects_inserted,
                                 objects_changed, objects_rejected)
                FROM upgrade_history.evidence_fetch WHERE run_id = :runId ORDER BY kind""")
                .param("runId", runId).query(String.class).list();
    }

    @Test
    void storesAHostileErrorCapped() {
        var failure = new ApiFailure(FailureClass.SERVER_ERROR, 500, "E".repeat(5_000_000), "bad\u0000news\u001b[31m");

        write(new ClusterSnapshot.Failed(CLUSTER, 1, failure));

        Map<String, Object> row = fetchRow();
        assertThat(((String) row.get("error_code")).length()).isLessThan(200);
        assertThat(row.get("error_message")).isEqualTo("bad\\u0000news\u001b[31m");
    }

    private ClusterSnapshot.Archived archived(List<ArchivedTask> tasks, Instant horizon) {
        return new ClusterSnapshot.Archived(CLUSTER, 1, tasks, List.of(),
                Set.copyOf(tasks.stream().map(ArchivedTask::taskId).toList()), true,
                new ArchivedResponse(CLUSTER.projectId(), ArchivedResponse.sha256(tasks.toString()), tasks.size(), 0), horizon, List.of());
    }

    // incompressible, so that PostgreSQL cannot squeeze it into an index row
    private static String randomText(int length) {
        var random = new java.util.Random(42);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    private static String task(String uid, String phase, String updated, String completed) {
        return """
                {"items":[{"metadata":{"uid":"%s","creationTimestamp":"2023-11-24 16:41:12 +0800 CST","updateTimestamp":"%s"},
                 "status":{"phase":"%s","completionTime":"%s"}}]}""".formatted(uid, updated, phase, completed);
    }

    @Test
    void aSealWaitsForAChunkStillWritingSoThatItNeverPassesOverItsRevisions() throws Exception {
        // given: a chunk (another run's, say) that has written its revisions and not committed yet
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> chunk = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            new ClusterSnapshotWriter(jdbc, nested(), responses, new ClusterFetches(jdbc), clock, runId, outcome -> { })
                    .write(Chunk.of(snapshot(Fixtures.exampleUpgradeTasks())));
            written.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(written.await(60, TimeUnit.SECONDS)).isTrue();

        // when: a seal starts meanwhile
        CompletableFuture<Seal> seal = CompletableFuture.supplyAsync(() -> sealer.seal(runId, clock.instant()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!seal.isDone() && jdbc.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
                .query(Long.class).single() == 0) {
            assertThat(System.nanoTime()).as("the seal waits or ends in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        boolean sealedWhileTheChunkWrote = seal.isDone();
        commit.countDown();
        chunk.get(60, TimeUnit.SECONDS);

        // then: the seal waited for the chunk, and covers its revisions
        assertThat(sealedWhileTheChunkWrote).isFalse();
        assertThat(seal.get(60, TimeUnit.SECONDS).revisionCount()).isEqualTo(2);
    }

    private TransactionTemplate nested() {
        TransactionTemplate savepoint = new TransactionTemplate(transactionManager);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return savepoint;
    }

    private ClusterSnapshot snapshot(String body) {
        return processor.process(new ClusterFetch.Fetched(CLUSTER, new ApiAnswer(body, clock.instant()),
                ArchivedResponse.sha256(body), 1, List.of()));
    }

    private ClusterOutcome write(String body) {
        return write(snapshot(body));
    }

    private ClusterOutcome write(ClusterSnapshot snapshot) {
        var outcomes = new ArrayList<ClusterOutcome>();
        transactions.executeWithoutResult(status -> new ClusterSnapshotWriter(jdbc, nested(), responses,
                new ClusterFetches(jdbc), clock, runId, outcomes::add).write(Chunk.of(snapshot)));
        return outcomes.get(0);
    }

    private Map<String, Object> fetchRow() {
        return jdbc.sql("SELECT * FROM upgrade_history.cluster_fetch WHERE run_id = :runId").param("runId", runId)
                .query().singleRow();
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
