package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
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

    /** Per cluster, the responses its tasks and each kind of its evidence were last archived from. */
    record Last(Map<String, ArchivedResponse> tasks, Map<String, Map<EvidenceKind, ArchivedResponse>> evidence) {

        Optional<ArchivedResponse> tasks(String clusterId) {
            return Optional.ofNullable(tasks.get(clusterId));
        }

        Map<EvidenceKind, ArchivedResponse> evidence(String clusterId) {
            return evidence.getOrDefault(clusterId, Map.of());
        }
    }

    /** The last responses of the clusters of {@code clusterIds} archived before; both tables in one statement. */
    Last last(Collection<String> clusterIds) {
        Map<String, ArchivedResponse> tasks = new HashMap<>();
        Map<String, Map<EvidenceKind, ArchivedResponse>> evidence = new HashMap<>();
        jdbc.sql("""
                        SELECT cluster_id, NULL AS kind, project_id, body_sha256, tasks_seen, tasks_rejected
                        FROM upgrade_history.cluster_response WHERE cluster_id = ANY(:clusterIds::text[])
                        UNION ALL
                        SELECT cluster_id, kind, project_id, body_sha256, objects_seen, objects_rejected
                        FROM upgrade_history.evidence_response WHERE cluster_id = ANY(:clusterIds::text[])
                        """)
                .param("clusterIds", clusterIds.toArray(String[]::new))
                .query((RowCallbackHandler) rs -> {
                    String clusterId = rs.getString(1);
                    String kind = rs.getString(2);
                    var response = new ArchivedResponse(rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6));
                    if (kind == null) {
                        tasks.put(clusterId, response);
                    } else {
                        evidence.computeIfAbsent(clusterId, id -> new EnumMap<>(EvidenceKind.class))
                                .put(EvidenceKind.of(kind), response);
                    }
                });
        return new Last(tasks, evidence);
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
