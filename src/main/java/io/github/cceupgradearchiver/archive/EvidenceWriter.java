package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ArchivedEvidence;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import io.github.cceupgradearchiver.cce.FailureClass;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one cluster's evidence in the chunk's transaction: the objects into each kind's table
 * ({@link EvidenceKind#table()}) with a revision for each new state ({@code evidence_revision}, hashed with the
 * canonical form of db/migration/V8), the quarantined items ({@code rejected_task} with the kind), the responses
 * ({@code evidence_response}) and the fetches ({@code evidence_fetch}). Guarded like the tasks' upsert: an
 * unchanged object is not rewritten, an older updateTimestamp never overwrites a newer state. A kind PostgreSQL
 * refuses is recorded as failed ({@code UNSTORABLE}); the tasks and the other kinds stay.
 * <p>
 * Every kind is first written under one savepoint, the responses and the fetches in one statement each (a
 * savepoint and two statements a kind were a third of a cluster's round trips). Only if PostgreSQL refuses
 * something is that undone and each kind written again under its own savepoint, so that the refusal costs only
 * its kind.
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

    // One row per kind; the integer columns travel as text arrays like the writers' other columns.
    private static final String RECORD_FETCHES = """
            INSERT INTO upgrade_history.evidence_fetch
                (run_id, project_id, family, cluster_id, kind, fetched_at, outcome, http_status, attempts,
                 error_class, error_code, error_message, objects_seen, objects_inserted, objects_changed, objects_rejected)
            SELECT :runId, :projectId, :family, :clusterId, f.kind, :fetchedAt, f.outcome, f.http_status, f.attempts,
                   f.error_class, f.error_code, f.error_message, f.seen, f.inserted, f.changed, f.rejected
            FROM unnest(:kinds::text[], :outcomes::text[], :httpStatuses::int[], :attempts::int[], :errorClasses::text[],
                        :errorCodes::text[], :errorMessages::text[], :seens::int[], :inserteds::int[], :changeds::int[],
                        :rejecteds::int[])
                 AS f(kind, outcome, http_status, attempts, error_class, error_code, error_message, seen, inserted,
                      changed, rejected)
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

    /** What one kind came to: its failure, if any, and its counts. */
    private record Outcome(EvidenceSnapshot snapshot, @Nullable ApiFailure failure, Counts counts) {
    }

    /** Writes every kind; returns the first kind's failure (the cluster's run is then partial), or {@code null}. */
    @Nullable ApiFailure write(ClusterRef cluster, List<EvidenceSnapshot> evidence, Instant now) {
        List<Outcome> outcomes = null;
        if (evidence.stream().anyMatch(EvidenceSnapshot.Archived.class::isInstance)) {
            try {
                outcomes = savepoint.execute(status -> archiveAll(cluster, evidence, now));
            } catch (DataAccessException e) {
                if (Databases.unreachable(e)) {
                    throw e;
                }
            }
        } else {
            outcomes = archiveAll(cluster, evidence, now); // nothing to write but the fetches
        }
        if (outcomes == null) {
            outcomes = evidence.stream().map(snapshot -> archiveAlone(cluster, snapshot, now)).toList();
        }
        recordFetches(cluster, outcomes, now);
        for (Outcome outcome : outcomes) {
            ApiFailure failure = outcome.failure();
            if (failure != null) {
                return new ApiFailure(failure.kind(), failure.httpStatus(), failure.errorCode(), outcome.snapshot().kind().value()
                        + " evidence: " + failure.message() + " (the tasks and other evidence were archived)");
            }
        }
        return null;
    }

    /** Every kind at once; throws if PostgreSQL refuses any of it. */
    private List<Outcome> archiveAll(ClusterRef cluster, List<EvidenceSnapshot> evidence, Instant now) {
        List<Outcome> outcomes = new ArrayList<>(evidence.size());
        Map<EvidenceKind, ArchivedResponse> archived = new EnumMap<>(EvidenceKind.class);
        for (EvidenceSnapshot snapshot : evidence) {
            if (snapshot instanceof EvidenceSnapshot.Archived kind) {
                outcomes.add(new Outcome(snapshot, null, archive(cluster, kind, now)));
                archived.put(kind.kind(), kind.response());
            } else {
                outcomes.add(notWritten(snapshot));
            }
        }
        responses.recordEvidence(cluster.clusterId(), archived, runId);
        return outcomes;
    }

    /** One kind under its own savepoint: a kind PostgreSQL refuses is failed, the others stay. */
    private Outcome archiveAlone(ClusterRef cluster, EvidenceSnapshot snapshot, Instant now) {
        if (!(snapshot instanceof EvidenceSnapshot.Archived archived)) {
            return notWritten(snapshot);
        }
        try {
            return new Outcome(snapshot, null, Objects.requireNonNull(savepoint.execute(status -> {
                Counts counts = archive(cluster, archived, now);
                responses.recordEvidence(cluster.clusterId(), Map.of(archived.kind(), archived.response()), runId);
                return counts;
            })));
        } catch (DataAccessException e) {
            if (Databases.unreachable(e)) {
                throw e;
            }
            return new Outcome(snapshot, new ApiFailure(FailureClass.UNSTORABLE, null, null,
                    "PostgreSQL refused this evidence, none of it was written: " + Databases.describe(e)),
                    new Counts(0, 0, 0, 0));
        }
    }

    private static Outcome notWritten(EvidenceSnapshot snapshot) {
        if (snapshot instanceof EvidenceSnapshot.Failed failed) {
            return new Outcome(snapshot, failed.failure(), new Counts(0, 0, 0, 0));
        }
        var unchanged = (EvidenceSnapshot.Unchanged) snapshot;
        return new Outcome(snapshot, null,
                new Counts(unchanged.response().tasksSeen(), 0, 0, unchanged.response().tasksRejected()));
    }

    /** The objects and the quarantined items; the response is recorded by the caller. */
    private Counts archive(ClusterRef cluster, EvidenceSnapshot.Archived snapshot, Instant now) {
        List<Boolean> written = upsert(cluster, snapshot, now);
        int inserted = (int) written.stream().filter(Boolean::booleanValue).count();
        quarantine.add(cluster, snapshot.kind().value(), snapshot.rejected(), now);
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

    private void recordFetches(ClusterRef cluster, List<Outcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.sql(RECORD_FETCHES)
                .param("runId", runId).param("projectId", cluster.projectId()).param("family", cluster.family().value())
                .param("clusterId", cluster.clusterId()).param("fetchedAt", Timestamp.from(now))
                .param("kinds", SqlArrays.column(outcomes, outcome -> outcome.snapshot().kind().value()))
                .param("outcomes", SqlArrays.column(outcomes, outcome -> outcome.failure() == null ? "OK" : "FAILED"))
                .param("httpStatuses", SqlArrays.column(outcomes, outcome -> outcome.failure() == null ? "200"
                        : Objects.toString(outcome.failure().httpStatus(), null)))
                .param("attempts", SqlArrays.column(outcomes, outcome -> Integer.toString(outcome.snapshot().attempts())))
                .param("errorClasses", SqlArrays.column(outcomes, outcome -> outcome.failure() == null ? null
                        : outcome.failure().kind().name()))
                .param("errorCodes", SqlArrays.column(outcomes, outcome -> outcome.failure() == null ? null
                        : outcome.failure().errorCode()))
                .param("errorMessages", SqlArrays.column(outcomes, outcome -> outcome.failure() == null ? null
                        : outcome.failure().message()))
                .param("seens", SqlArrays.column(outcomes, outcome -> Integer.toString(outcome.counts().seen())))
                .param("inserteds", SqlArrays.column(outcomes, outcome -> Integer.toString(outcome.counts().inserted())))
                .param("changeds", SqlArrays.column(outcomes, outcome -> Integer.toString(outcome.counts().changed())))
                .param("rejecteds", SqlArrays.column(outcomes, outcome -> Integer.toString(outcome.counts().rejected())))
                .update();
    }
}
