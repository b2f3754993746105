package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.FailureClass;
import io.github.cceupgradearchiver.cce.RejectedItem;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import io.github.cceupgradearchiver.text.SafeText;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes cluster snapshots in the chunk's transaction, to the five tables one cluster's tasks touch: the tasks
 * ({@code upgrade_task}) with a revision for each new state ({@code upgrade_task_revision}), the quarantined items
 * ({@code rejected_task}), the response they came from ({@code cluster_response}), and the fetch
 * ({@code cluster_fetch}); its evidence through {@link EvidenceWriter}. A kind of evidence that failed makes the
 * cluster's fetch FAILED (a partial run) with its tasks' counts: nothing fetched is lost. Every statement is set-based (arrays through {@code unnest}) and guarded so that an
 * unchanged task is not rewritten: a run that sees nothing new leaves {@code upgrade_task} untouched.
 * <p>
 * Nothing one cluster's data does can fail the run. Its writes run under a savepoint: if PostgreSQL refuses a task
 * despite the normalizer's checks, the tasks are written again one by one and the refused ones quarantined with
 * PostgreSQL's reason; if anything else goes wrong, the cluster's writes are undone and the cluster is recorded as
 * failed ({@code UNSTORABLE}) with the reason. Only a database that cannot be reached fails the run.
 */
class ClusterSnapshotWriter implements ItemWriter<ClusterSnapshot> {

    // An older updateTimestamp never overwrites a newer state, unless the archived one is beyond the response's
    // horizon (frozen there by a build that did not quarantine it); an identical state is not rewritten.
    // The items' raw JSON travels as one JSON array, zipped with the other columns by position (ROWS FROM): a
    // text[] of JSON documents would escape every quote of every item twice, once per side.
    // Every row written is a new observed state, so it also becomes a revision, hashed in SQL with the
    // canonical form that verify and auditors use (db/migration/V3).
    private static final String UPSERT_TASKS = """
            WITH written AS (
                INSERT INTO upgrade_history.upgrade_task AS t
                    (project_id, family, cluster_id, task_id, source_version, target_version, phase, progress,
                     created_at, updated_at, completed_at, duration_seconds, raw,
                     first_seen_at, last_changed_at, last_run_id)
                SELECT :projectId, :family, :clusterId, i.task_id, i.source_version, i.target_version, i.phase, i.progress,
                       i.created_at, i.updated_at, i.completed_at, i.duration_seconds, i.raw, :now, :now, :runId
                FROM ROWS FROM (unnest(:taskIds::text[]), unnest(:sourceVersions::text[]), unnest(:targetVersions::text[]),
                                unnest(:phases::text[]), unnest(:progresses::text[]), unnest(:createdAts::timestamptz[]),
                                unnest(:updatedAts::timestamptz[]), unnest(:completedAts::timestamptz[]),
                                unnest(:durations::numeric[]), jsonb_array_elements(:raws::jsonb))
                     AS i(task_id, source_version, target_version, phase, progress,
                          created_at, updated_at, completed_at, duration_seconds, raw)
                ON CONFLICT (cluster_id, task_id) DO UPDATE SET
                    project_id = EXCLUDED.project_id,
                    family = EXCLUDED.family,
                    source_version = EXCLUDED.source_version,
                    target_version = EXCLUDED.target_version,
                    phase = EXCLUDED.phase,
                    progress = EXCLUDED.progress,
                    created_at = EXCLUDED.created_at,
                    updated_at = EXCLUDED.updated_at,
                    completed_at = EXCLUDED.completed_at,
                    duration_seconds = EXCLUDED.duration_seconds,
                    raw = EXCLUDED.raw,
                    last_changed_at = EXCLUDED.last_changed_at,
                    last_run_id = EXCLUDED.last_run_id
                WHERE (t.raw IS DISTINCT FROM EXCLUDED.raw OR t.project_id IS DISTINCT FROM EXCLUDED.project_id)
                  AND (t.updated_at IS NULL OR EXCLUDED.updated_at IS NULL OR EXCLUDED.updated_at >= t.updated_at
                       OR t.updated_at > :horizon)
                RETURNING t.project_id, t.cluster_id, t.task_id, t.phase, t.raw, t.last_changed_at, t.last_run_id,
                          (t.xmax = 0) AS inserted
            ), revisions AS (
                INSERT INTO upgrade_history.upgrade_task_revision
                    (run_id, project_id, cluster_id, task_id, observed_at, phase, raw, content_hash)
                SELECT w.last_run_id, w.project_id, w.cluster_id, w.task_id, w.last_changed_at, w.phase, w.raw,
                       upgrade_history.sha256_hex(upgrade_history.revision_canonical_form(
                           w.last_run_id, w.project_id, w.cluster_id, w.task_id, w.last_changed_at, w.phase, w.raw))
                FROM written w
                ORDER BY w.task_id
            )
            SELECT inserted FROM written
            """;

    // Only rows whose listing changed: listed again (delisted_at cleared), or, from a response whose every item's uid
    // was read, no longer listed (delisted_at set).
    private static final String UPDATE_LISTING = """
            UPDATE upgrade_history.upgrade_task t
            SET delisted_at = CASE WHEN t.task_id = ANY(:listed::text[]) THEN NULL ELSE :now::timestamptz END
            WHERE t.cluster_id = :clusterId
              AND CASE WHEN t.task_id = ANY(:listed::text[]) THEN t.delisted_at IS NOT NULL
                       ELSE :complete AND t.delisted_at IS NULL END
            RETURNING t.delisted_at IS NOT NULL
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;
    private final ArchivedResponses responses;
    private final ClusterFetches fetches;
    private final Clock clock;
    private final long runId;
    private final Consumer<ClusterOutcome> onCommit;
    private final Quarantine quarantine;
    private final EvidenceWriter evidence;

    /** @param savepoint a nested transaction ({@code PROPAGATION_NESTED}): a savepoint in the chunk's transaction */
    ClusterSnapshotWriter(JdbcClient jdbc, TransactionTemplate savepoint, ArchivedResponses responses,
                          ClusterFetches fetches, Clock clock, long runId, Consumer<ClusterOutcome> onCommit) {
        this.jdbc = jdbc;
        this.savepoint = savepoint;
        this.responses = responses;
        this.fetches = fetches;
        this.clock = clock;
        this.runId = runId;
        this.onCommit = onCommit;
        this.quarantine = new Quarantine(jdbc, runId);
        this.evidence = new EvidenceWriter(jdbc, savepoint, responses, quarantine, runId);
    }

    @Override
    public void write(Chunk<? extends ClusterSnapshot> chunk) {
        jdbc.sql(ArchiveSealer.WRITING).query().listOfRows();
        for (ClusterSnapshot snapshot : chunk) {
            ClusterOutcome outcome = write(snapshot, clock.instant());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    onCommit.accept(outcome);
                }
            });
        }
    }

    private ClusterOutcome write(ClusterSnapshot snapshot, Instant now) {
        var cluster = snapshot.cluster();
        if (snapshot instanceof ClusterSnapshot.Failed failed) {
            return failed(failed, failed.failure(), now);
        }
        if (snapshot instanceof ClusterSnapshot.Unchanged unchanged) {
            var outcome = new ClusterOutcome(cluster, evidence.write(cluster, unchanged.evidence(), now),
                    unchanged.response().tasksSeen(), 0, 0, unchanged.response().tasksRejected(), 0);
            fetches.fetched(runId, outcome, snapshot.attempts(), now);
            return outcome;
        }
        var archived = (ClusterSnapshot.Archived) snapshot;
        try {
            ClusterOutcome outcome = archive(archived, now);
            outcome = outcome.withFailure(evidence.write(cluster, archived.evidence(), now));
            fetches.fetched(runId, outcome, snapshot.attempts(), now);
            return outcome;
        } catch (DataAccessException e) {
            if (Databases.unreachable(e)) {
                throw e;
            }
            return failed(snapshot, new ApiFailure(FailureClass.UNSTORABLE, null, null,
                    "PostgreSQL refused this cluster's data, none of it was written: " + Databases.describe(e)), now);
        }
    }

    /**
     * The cluster's writes under a savepoint, all tasks in one statement; if PostgreSQL refuses the data of one, all
     * again, each task alone, so that the refused ones are quarantined and their siblings archived.
     */
    private ClusterOutcome archive(ClusterSnapshot.Archived snapshot, Instant now) {
        try {
            return inSavepoint(() -> archive(snapshot, now, false));
        } catch (DataAccessException e) {
            if (!Databases.refusedData(e)) {
                throw e;
            }
        }
        return inSavepoint(() -> archive(snapshot, now, true));
    }

    private ClusterOutcome failed(ClusterSnapshot snapshot, ApiFailure failure, Instant now) {
        fetches.failed(runId, snapshot.cluster(), failure, snapshot.attempts(), now);
        return new ClusterOutcome(snapshot.cluster(), failure, 0, 0, 0, 0, 0);
    }

    private ClusterOutcome archive(ClusterSnapshot.Archived snapshot, Instant now, boolean oneByOne) {
        List<RejectedItem> rejected = new ArrayList<>(snapshot.rejected());
        List<Boolean> written = oneByOne ? upsertOneByOne(snapshot, now, rejected) : upsert(snapshot, snapshot.tasks(), now);
        int inserted = (int) written.stream().filter(Boolean::booleanValue).count();
        int delisted = (int) jdbc.sql(UPDATE_LISTING)
                .param("listed", snapshot.listedTaskIds().stream().filter(ClusterSnapshotWriter::storable).toArray(String[]::new))
                .param("now", Timestamp.from(now))
                .param("clusterId", snapshot.cluster().clusterId())
                .param("complete", snapshot.listingComplete())
                .query((rs, row) -> rs.getBoolean(1)).list().stream().filter(Boolean::booleanValue).count();
        quarantine.add(snapshot.cluster(), "task", rejected, now);
        var response = snapshot.response();
        responses.record(snapshot.cluster(), new ArchivedResponse(response.projectId(), response.bodySha256(),
                response.tasksSeen(), rejected.size()), runId);
        return new ClusterOutcome(snapshot.cluster(), null, response.tasksSeen(), inserted, written.size() - inserted,
                rejected.size(), delisted);
    }

    /** Each task in its own statement and savepoint; those PostgreSQL refuses are added to {@code rejected}. */
    private List<Boolean> upsertOneByOne(ClusterSnapshot.Archived snapshot, Instant now, List<RejectedItem> rejected) {
        List<Boolean> written = new ArrayList<>();
        for (ArchivedTask task : snapshot.tasks()) {
            try {
                written.addAll(inSavepoint(() -> upsert(snapshot, List.of(task), now)));
            } catch (DataAccessException e) {
                if (!Databases.refusedData(e)) {
                    throw e;
                }
                rejected.add(new RejectedItem(task.taskId(), "PostgreSQL refused it: " + Databases.describe(e), task.rawJson()));
            }
        }
        return written;
    }

    private List<Boolean> upsert(ClusterSnapshot.Archived snapshot, List<ArchivedTask> tasks, Instant now) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(UPSERT_TASKS)
                .param("projectId", snapshot.cluster().projectId())
                .param("family", snapshot.cluster().family().value())
                .param("clusterId", snapshot.cluster().clusterId())
                .param("now", Timestamp.from(now))
                .param("runId", runId)
                .param("horizon", Timestamp.from(snapshot.horizon()))
                .param("taskIds", SqlArrays.column(tasks, ArchivedTask::taskId))
                .param("sourceVersions", SqlArrays.column(tasks, ArchivedTask::sourceVersion))
                .param("targetVersions", SqlArrays.column(tasks, ArchivedTask::targetVersion))
                .param("phases", SqlArrays.column(tasks, ArchivedTask::phase))
                .param("progresses", SqlArrays.column(tasks, ArchivedTask::progress))
                .param("createdAts", SqlArrays.column(tasks, task -> task.createdAt().toString()))
                .param("updatedAts", SqlArrays.column(tasks, task -> SqlArrays.text(task.updatedAt())))
                .param("completedAts", SqlArrays.column(tasks, task -> SqlArrays.text(task.completedAt())))
                .param("durations", SqlArrays.column(tasks, task -> task.durationSeconds() == null ? null
                        : task.durationSeconds().toPlainString()))
                .param("raws", tasks.stream().map(ArchivedTask::rawJson).collect(Collectors.joining(",", "[", "]")))
                .query((rs, row) -> rs.getBoolean(1))
                .list();
    }

    private <T> T inSavepoint(Supplier<T> work) {
        return Objects.requireNonNull(savepoint.execute(status -> work.get()));
    }

    /** A uid that could be an archived task's: the others (NUL, unpaired surrogates) could not be sent anyway. */
    private static boolean storable(String taskId) {
        return Objects.equals(SafeText.storable(taskId, Integer.MAX_VALUE), taskId);
    }
}
