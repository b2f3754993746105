package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.RejectedItem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes cluster snapshots in the chunk's transaction: upserts of the tasks with a revision for each
 * new state, quarantined items, delisting, the response they came from, and the {@code cluster_fetch} row (all a
 * snapshot of an unchanged response needs). Every statement is set-based (arrays through
 * {@code unnest}) and guarded so that an unchanged task is not rewritten: a run that sees nothing
 * new leaves {@code upgrade_task} untouched.
 */
class UpgradeTaskWriter implements ItemWriter<ClusterSnapshot> {

    // An older updateTimestamp never overwrites a newer state; an identical state is not rewritten.
    // The items' raw JSON travels as one JSON array, zipped with the other columns by position (ROWS FROM): a
    // text[] of JSON documents would escape every quote of every item twice, once per side.
    // Every row written is a new observed state, so it also becomes a revision, hashed in SQL with the
    // canonical form that verify and auditors use (db/migration/V3).
    private static final String UPSERT_TASKS = """
            WITH written AS (
                INSERT INTO upgrade_history.upgrade_task AS t
                    (project_id, cluster_id, task_id, source_version, target_version, phase, progress,
                     created_at, updated_at, completed_at, duration_seconds, raw,
                     first_seen_at, last_changed_at, last_run_id)
                SELECT ?, ?, i.task_id, i.source_version, i.target_version, i.phase, i.progress,
                       i.created_at, i.updated_at, i.completed_at, i.duration_seconds, i.raw, ?, ?, ?
                FROM ROWS FROM (unnest(?::text[]), unnest(?::text[]), unnest(?::text[]), unnest(?::text[]),
                                unnest(?::text[]), unnest(?::timestamptz[]), unnest(?::timestamptz[]),
                                unnest(?::timestamptz[]), unnest(?::numeric[]), jsonb_array_elements(?::jsonb))
                     AS i(task_id, source_version, target_version, phase, progress,
                          created_at, updated_at, completed_at, duration_seconds, raw)
                ON CONFLICT (cluster_id, task_id) DO UPDATE SET
                    project_id = EXCLUDED.project_id,
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
                  AND (t.updated_at IS NULL OR EXCLUDED.updated_at IS NULL OR EXCLUDED.updated_at >= t.updated_at)
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

    // Only rows whose listing changed: listed again (delisted_at cleared), or no longer listed (delisted_at set).
    private static final String UPDATE_LISTING = """
            WITH listed AS (SELECT ?::text[] AS ids)
            UPDATE upgrade_history.upgrade_task t
            SET delisted_at = CASE WHEN t.task_id = ANY(listed.ids) THEN NULL ELSE ?::timestamptz END
            FROM listed
            WHERE t.cluster_id = ? AND (t.delisted_at IS NULL) <> (t.task_id = ANY(listed.ids))
            RETURNING t.delisted_at IS NOT NULL
            """;

    private static final String QUARANTINE = """
            INSERT INTO upgrade_history.rejected_task
                (run_id, project_id, cluster_id, task_id, reason, raw_text, rejected_at, raw_sha256)
            SELECT ?, ?, ?, r.task_id, r.reason, r.raw_text, ?, encode(sha256(convert_to(r.raw_text, 'UTF8')), 'hex')
            FROM unnest(?::text[], ?::text[], ?::text[]) AS r(task_id, reason, raw_text)
            ON CONFLICT (cluster_id, raw_sha256) DO NOTHING
            """;

    private static final String RECORD_FETCH = """
            INSERT INTO upgrade_history.cluster_fetch
                (run_id, project_id, region, cluster_id, cluster_name, fetched_at, outcome, http_status, attempts,
                 error_class, error_code, error_message,
                 tasks_seen, tasks_inserted, tasks_changed, tasks_rejected, tasks_delisted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, cluster_id) DO UPDATE SET
                fetched_at = EXCLUDED.fetched_at, outcome = EXCLUDED.outcome, http_status = EXCLUDED.http_status,
                attempts = EXCLUDED.attempts,
                error_class = EXCLUDED.error_class, error_code = EXCLUDED.error_code,
                error_message = EXCLUDED.error_message, tasks_seen = EXCLUDED.tasks_seen,
                tasks_inserted = EXCLUDED.tasks_inserted, tasks_changed = EXCLUDED.tasks_changed,
                tasks_rejected = EXCLUDED.tasks_rejected, tasks_delisted = EXCLUDED.tasks_delisted
            """;

    private final JdbcClient jdbc;
    private final ArchivedResponses responses;
    private final Clock clock;
    private final long runId;
    private final Consumer<ClusterOutcome> onCommit;

    UpgradeTaskWriter(JdbcClient jdbc, ArchivedResponses responses, Clock clock, long runId,
                      Consumer<ClusterOutcome> onCommit) {
        this.jdbc = jdbc;
        this.responses = responses;
        this.clock = clock;
        this.runId = runId;
        this.onCommit = onCommit;
    }

    @Override
    public void write(Chunk<? extends ClusterSnapshot> chunk) {
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
        int inserted = 0;
        int changed = 0;
        int delisted = 0;
        if (snapshot.ok() && !snapshot.unchanged()) {
            List<Boolean> written = upsert(snapshot, now);
            inserted = (int) written.stream().filter(Boolean::booleanValue).count();
            changed = written.size() - inserted;
            delisted = (int) jdbc.sql(UPDATE_LISTING)
                    .params(snapshot.listedTaskIds().toArray(String[]::new), Timestamp.from(now), cluster.clusterId())
                    .query((rs, row) -> rs.getBoolean(1)).list().stream().filter(Boolean::booleanValue).count();
            quarantine(snapshot, now);
            responses.record(cluster.clusterId(), snapshot.response(), runId);
        }
        var failure = snapshot.failure();
        jdbc.sql(RECORD_FETCH).params(runId, cluster.projectId(), cluster.region(), cluster.clusterId(), cluster.name(),
                Timestamp.from(now), snapshot.ok() ? "OK" : "FAILED",
                failure == null ? Integer.valueOf(200) : failure.httpStatus(), snapshot.attempts(),
                failure == null ? null : failure.kind().name(),
                failure == null ? null : failure.errorCode(),
                failure == null ? null : failure.message(),
                snapshot.tasksSeen(), inserted, changed, snapshot.tasksRejected(), delisted).update();
        return new ClusterOutcome(cluster, failure, snapshot.tasksSeen(), inserted, changed,
                snapshot.tasksRejected(), delisted);
    }

    private List<Boolean> upsert(ClusterSnapshot snapshot, Instant now) {
        List<ArchivedTask> tasks = snapshot.tasks();
        if (tasks.isEmpty()) {
            return List.of();
        }
        Timestamp seenAt = Timestamp.from(now);
        return jdbc.sql(UPSERT_TASKS)
                .params(snapshot.cluster().projectId(), snapshot.cluster().clusterId(), seenAt, seenAt, runId,
                        column(tasks, ArchivedTask::taskId),
                        column(tasks, ArchivedTask::sourceVersion),
                        column(tasks, ArchivedTask::targetVersion),
                        column(tasks, ArchivedTask::phase),
                        column(tasks, ArchivedTask::progress),
                        column(tasks, task -> task.createdAt().toString()),
                        column(tasks, task -> text(task.updatedAt())),
                        column(tasks, task -> text(task.completedAt())),
                        column(tasks, task -> task.durationSeconds() == null ? null : task.durationSeconds().toPlainString()),
                        tasks.stream().map(ArchivedTask::rawJson).collect(Collectors.joining(",", "[", "]")))
                .query((rs, row) -> rs.getBoolean(1))
                .list();
    }

    private void quarantine(ClusterSnapshot snapshot, Instant now) {
        List<RejectedItem> rejected = snapshot.rejected();
        if (rejected.isEmpty()) {
            return;
        }
        jdbc.sql(QUARANTINE).params(runId, snapshot.cluster().projectId(), snapshot.cluster().clusterId(),
                        Timestamp.from(now),
                        column(rejected, RejectedItem::taskId),
                        column(rejected, RejectedItem::reason),
                        column(rejected, RejectedItem::rawText))
                .update();
    }

    // Instant.toString() is ISO 8601 in UTC with exactly the digits it has: PostgreSQL reads it back exactly.
    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static <T> @Nullable String[] column(List<T> rows, Function<T, @Nullable String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
