package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code upgrade_history.cluster_response}: per cluster, the response its tasks were last archived from; and
 * {@code evidence_response}: per cluster and evidence kind, the same for its evidence.
 */
class ArchivedResponses {

    private final JdbcClient jdbc;

    ArchivedResponses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The responses a cluster's tasks and each kind of its evidence were last archived from. */
    record Last(Optional<ArchivedResponse> tasks, Map<EvidenceKind, ArchivedResponse> evidence) {
    }

    /** Both tables in one round trip: the reader asks once a cluster, before its calls' bodies are compared. */
    Last last(String clusterId) {
        ArchivedResponse[] tasks = {null};
        Map<EvidenceKind, ArchivedResponse> evidence = new EnumMap<>(EvidenceKind.class);
        jdbc.sql("""
                        SELECT NULL AS kind, project_id, body_sha256, tasks_seen, tasks_rejected
                        FROM upgrade_history.cluster_response WHERE cluster_id = :clusterId
                        UNION ALL
                        SELECT kind, project_id, body_sha256, objects_seen, objects_rejected
                        FROM upgrade_history.evidence_response WHERE cluster_id = :clusterId
                        """)
                .param("clusterId", clusterId)
                .query((RowCallbackHandler) rs -> {
                    var response = new ArchivedResponse(rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5));
                    String kind = rs.getString(1);
                    if (kind == null) {
                        tasks[0] = response;
                    } else {
                        evidence.put(EvidenceKind.of(kind), response);
                    }
                });
        return new Last(Optional.ofNullable(tasks[0]), evidence);
    }

    /** In the transaction that archives the response's tasks, so the two never disagree. */
    void record(ClusterRef cluster, ArchivedResponse response, long runId) {
        jdbc.sql("""
                        INSERT INTO upgrade_history.cluster_response
                            (cluster_id, project_id, family, body_sha256, tasks_seen, tasks_rejected, run_id)
                        VALUES (:clusterId, :projectId, :family, :bodySha256, :tasksSeen, :tasksRejected, :runId)
                        ON CONFLICT (cluster_id) DO UPDATE SET
                            project_id = EXCLUDED.project_id, family = EXCLUDED.family, body_sha256 = EXCLUDED.body_sha256,
                            tasks_seen = EXCLUDED.tasks_seen, tasks_rejected = EXCLUDED.tasks_rejected,
                            run_id = EXCLUDED.run_id
                        """)
                .param("clusterId", cluster.clusterId()).param("projectId", response.projectId())
                .param("family", cluster.family().value())
                .param("bodySha256", response.bodySha256()).param("tasksSeen", response.tasksSeen())
                .param("tasksRejected", response.tasksRejected()).param("runId", runId)
                .update();
    }

    /**
     * In the transaction that archives the responses' objects: per kind, the response its objects came from, all
     * of the cluster's kinds in one statement.
     */
    void recordEvidence(String clusterId, Map<EvidenceKind, ArchivedResponse> archived, long runId) {
        if (archived.isEmpty()) {
            return;
        }
        List<Map.Entry<EvidenceKind, ArchivedResponse>> rows = List.copyOf(archived.entrySet());
        jdbc.sql("""
                        INSERT INTO upgrade_history.evidence_response
                            (cluster_id, kind, project_id, body_sha256, objects_seen, objects_rejected, run_id)
                        SELECT :clusterId, r.kind, r.project_id, r.body_sha256, r.seen, r.rejected, :runId
                        FROM unnest(:kinds::text[], :projectIds::text[], :bodySha256s::text[], :seens::int[],
                                    :rejecteds::int[]) AS r(kind, project_id, body_sha256, seen, rejected)
                        ON CONFLICT (cluster_id, kind) DO UPDATE SET
                            project_id = EXCLUDED.project_id, body_sha256 = EXCLUDED.body_sha256,
                            objects_seen = EXCLUDED.objects_seen, objects_rejected = EXCLUDED.objects_rejected,
                            run_id = EXCLUDED.run_id
                        """)
                .param("clusterId", clusterId).param("runId", runId)
                .param("kinds", SqlArrays.column(rows, row -> row.getKey().value()))
                .param("projectIds", SqlArrays.column(rows, row -> row.getValue().projectId()))
                .param("bodySha256s", SqlArrays.column(rows, row -> row.getValue().bodySha256()))
                .param("seens", SqlArrays.column(rows, row -> Integer.toString(row.getValue().tasksSeen())))
                .param("rejecteds", SqlArrays.column(rows, row -> Integer.toString(row.getValue().tasksRejected())))
                .update();
    }
}
