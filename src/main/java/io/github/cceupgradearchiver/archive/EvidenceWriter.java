package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ArchivedEvidence;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import io.github.cceupgradearchiver.cce.FailureClass;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one cluster's evidence in the chunk's transaction, each kind under its own savepoint: the objects into the
 * kind's table ({@link EvidenceKind#table()}) with a revision for each new state ({@code evidence_revision}, hashed
 * with the canonical form of db/migration/V8), the quarantined items ({@code rejected_task} with the kind), the
 * response ({@code evidence_response}) and the fetch ({@code evidence_fetch}). Guarded like the tasks' upsert: an
 * unchanged object is not rewritten, an older updateTimestamp never overwrites a newer state. A kind PostgreSQL
 * refuses is recorded as failed ({@code UNSTORABLE}); the tasks and the other kinds stay.
 */
final class EvidenceWriter {

    // %1$s the table, %2$s its id column after cluster_id (empty for upgrade info, keyed by cluster), %3$s the id's value
    private static final String UPSERT = """
            WITH written AS (
                INSERT INTO upgrade_history.%1$s AS t
                    (project_id, family, cluster_id%2$s, cluster_version, target_version, phase,
                     created_at, updated_at, finished_at, raw, first_seen_at, last_changed_at, last_run_id)
                SELECT :projectId, :family, :clusterId%3$s, i.cluster_version, i.target_version, i.phase,
                       i.created_at, i.updated_at, i.finished_at, i.raw, :now, :now, :runId
                FROM ROWS FROM (unnest(:objectIds::text[]), unnest(:clusterVersions::text[]),
                                unnest(:targetVersions::text[]), unnest(:phases::text[]),
                                unnest(:createdAts::timestamptz[]), unnest(:updatedAts::timestamptz[]),
                                unnest(:finishedAts::timestamptz[]), jsonb_array_elements(:raws::jsonb))
                     AS i(object_id, cluster_version, target_version, phase, created_at, updated_at, finished_at, raw)
                ON CONFLICT (cluster_id%2$s) DO UPDATE SET
                    project_id = EXCLUDED.project_id, family = EXCLUDED.family,
                    cluster_version = EXCLUDED.cluster_version, target_version = EXCLUDED.target_version,
                    phase = EXCLUDED.phase, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
                    finished_at = EXCLUDED.finished_at, raw = EXCLUDED.raw,
                    last_changed_at = EXCLUDED.last_changed_at, last_run_id = EXCLUDED.last_run_id
                WHERE (t.raw IS DISTINCT FROM EXCLUDED.raw OR t.project_id IS DISTINCT FROM EXCLUDED.project_id)
                  AND (t.updated_at IS NULL OR EXCLUDED.updated_at IS NULL OR EXCLUDED.updated_at >= t.updated_at
                       OR t.updated_at > :horizon)
                RETURNING t.project_id, t.cluster_id, %4$s AS object_id, t.raw, t.last_changed_at, t.last_run_id,
                          (t.xmax = 0) AS inserted
            ), revisions AS (
                INSERT INTO upgrade_history.evidence_revision
                    (run_id, kind, project_id, cluster_id, object_id, observed_at, raw, content_hash)
                SELECT w.last_run_id, :kind, w.project_id, w.cluster_id, w.object_id, w.last_changed_at, w.raw,
                       upgrade_history.sha256_hex(upgrade_history.evidence_canonical_form(
                           :kind, w.last_run_id, w.project_id, w.cluster_id, w.object_id, w.last_changed_at, w.raw))
                FROM written w
                ORDER BY w.object_id
            )
            SELECT inserted FROM written
            """;

    private static final String RECORD_FETCH = """
            INSERT INTO upgrade_history.evidence_fetch
                (run_id, project_id, family, cluster_id, kind, fetched_at, outcome, http_status, attempts,
                 error_class, error_code, error_message, objects_seen, objects_inserted, objects_changed, objects_rejected)
            VALUES (:runId, :projectId, :family, :clusterId, :kind, :fetchedAt, :outcome, :httpStatus, :attempts,
                    :errorClass, :errorCode, :errorMessage, :seen, :inserted, :changed, :rejected)
            ON CONFLICT (run_id, cluster_id, kind) DO UPDATE SET
                fetched_at = EXCLUDED.fetched_at, outcome = EXCLUDED.outcome, http_status = EXCLUDED.http_status,
                attempts = EXCLUDED.attempts, error_class = EXCLUDED.error_class, error_code = EXCLUDED.error_code,
                error_message = EXCLUDED.error_message, objects_seen = EXCLUDED.objects_seen,
                objects_inserted = EXCLUDED.objects_inserted, objects_changed = EXCLUDED.objects_changed,
                objects_rejected = EXCLUDED.objects_rejected
            """;

    /** What one kind came to. */
    private record Counts(int seen, int inserted, int changed, int rejected) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;
    private final ArchivedResponses responses;
    private final Quarantine quarantine;
    private final long runId;

    EvidenceWriter(JdbcClient jdbc, TransactionTemplate savepoint, ArchivedResponses responses, Quarantine quarantine,
                   long runId) {
        this.jdbc = jdbc;
        this.savepoint = savepoint;
        this.responses = responses;
        this.quarantine = quarantine;
        this.runId = runId;
    }

    /** Writes every kind; returns the first kind's failure (the cluster's run is then partial), or {@code null}. */
    @Nullable ApiFailure write(ClusterRef cluster, List<EvidenceSnapshot> evidence, Instant now) {
        ApiFailure first = null;
        for (EvidenceSnapshot snapshot : evidence) {
            ApiFailure failure = null;
            Counts counts = new Counts(0, 0, 0, 0);
            if (snapshot instanceof EvidenceSnapshot.Failed failed) {
                failure = failed.failure();
            } else if (snapshot instanceof EvidenceSnapshot.Unchanged unchanged) {
                counts = new Counts(unchanged.response().tasksSeen(), 0, 0, unchanged.response().tasksRejected());
            } else {
                var archived = (EvidenceSnapshot.Archived) snapshot;
                try {
                    counts = Objects.requireNonNull(savepoint.execute(status -> archive(cluster, archived, now)));
                } catch (DataAccessException e) {
                    if (Databases.unreachable(e)) {
                        throw e;
                    }
                    failure = new ApiFailure(FailureClass.UNSTORABLE, null, null,
                            "PostgreSQL refused this evidence, none of it was written: " + Databases.describe(e));
                }
            }
            recordFetch(cluster, snapshot, failure, counts, now);
            if (failure != null && first == null) {
                first = new ApiFailure(failure.kind(), failure.httpStatus(), failure.errorCode(),
                        snapshot.kind().value() + " evidence: " + failure.message() + " (the tasks and other evidence were archived)");
            }
        }
        return first;
    }

    private Counts archive(ClusterRef cluster, EvidenceSnapshot.Archived snapshot, Instant now) {
        List<Boolean> written = upsert(cluster, snapshot, now);
        int inserted = (int) written.stream().filter(Boolean::booleanValue).count();
        quarantine.add(cluster, snapshot.kind().value(), snapshot.rejected(), now);
        responses.recordEvidence(cluster.clusterId(), snapshot.kind(), snapshot.response(), runId);
        return new Counts(snapshot.response().tasksSeen(), inserted, written.size() - inserted, snapshot.rejected().size());
    }

    private List<Boolean> upsert(ClusterRef cluster, EvidenceSnapshot.Archived snapshot, Instant now) {
        List<ArchivedEvidence> objects = snapshot.objects();
        if (objects.isEmpty()) {
            return List.of();
        }
        EvidenceKind kind = snapshot.kind();
        String idColumn = kind.idColumn();
        boolean byCluster = kind == EvidenceKind.UPGRADE_INFO;
        String sql = UPSERT.formatted(kind.table(), byCluster ? "" : ", " + idColumn, byCluster ? "" : ", i.object_id",
                "t." + idColumn);
        return jdbc.sql(sql)
                .param("projectId", cluster.projectId())
                .param("family", cluster.family().value())
                .param("clusterId", cluster.clusterId())
                .param("kind", kind.value())
                .param("now", Timestamp.from(now))
                .param("runId", runId)
                .param("horizon", Timestamp.from(snapshot.horizon()))
                .param("objectIds", SqlArrays.column(objects, ArchivedEvidence::objectId))
                .param("clusterVersions", SqlArrays.column(objects, ArchivedEvidence::clusterVersion))
                .param("targetVersions", SqlArrays.column(objects, ArchivedEvidence::targetVersion))
                .param("phases", SqlArrays.column(objects, ArchivedEvidence::phase))
                .param("createdAts", SqlArrays.column(objects, object -> SqlArrays.text(object.createdAt())))
                .param("updatedAts", SqlArrays.column(objects, object -> SqlArrays.text(object.updatedAt())))
                .param("finishedAts", SqlArrays.column(objects, object -> SqlArrays.text(object.finishedAt())))
                .param("raws", objects.stream().map(ArchivedEvidence::rawJson).collect(Collectors.joining(",", "[", "]")))
                .query((rs, row) -> rs.getBoolean(1))
                .list();
    }

    private void recordFetch(ClusterRef cluster, EvidenceSnapshot snapshot, @Nullable ApiFailure failure, Counts counts,
                             Instant now) {
        jdbc.sql(RECORD_FETCH)
                .param("runId", runId).param("projectId", cluster.projectId()).param("family", cluster.family().value())
                .param("clusterId", cluster.clusterId()).param("kind", snapshot.kind().value())
                .param("fetchedAt", Timestamp.from(now)).param("outcome", failure == null ? "OK" : "FAILED")
                .param("httpStatus", failure == null ? Integer.valueOf(200) : failure.httpStatus())
                .param("attempts", snapshot.attempts())
                .param("errorClass", failure == null ? null : failure.kind().name())
                .param("errorCode", failure == null ? null : failure.errorCode())
                .param("errorMessage", failure == null ? null : failure.message())
                .param("seen", counts.seen()).param("inserted", counts.inserted())
                .param("changed", counts.changed()).param("rejected", counts.rejected())
                .update();
    }
}
