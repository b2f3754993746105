package io.github.cceupgradearchiver.archive;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code upgrade_history.cluster_response}: per cluster, the response its tasks were last archived from. */
class ArchivedResponses {

    private final JdbcClient jdbc;

    ArchivedResponses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ArchivedResponse> last(String clusterId) {
        return jdbc.sql("""
                        SELECT project_id, body_sha256, tasks_seen, tasks_rejected
                        FROM upgrade_history.cluster_response WHERE cluster_id = :clusterId
                        """)
                .param("clusterId", clusterId)
                .query((rs, row) -> new ArchivedResponse(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)))
                .optional();
    }

    /** In the transaction that archives the response's tasks, so the two never disagree. */
    void record(String clusterId, ArchivedResponse response, long runId) {
        jdbc.sql("""
                        INSERT INTO upgrade_history.cluster_response
                            (cluster_id, project_id, body_sha256, tasks_seen, tasks_rejected, run_id)
                        VALUES (:clusterId, :projectId, :bodySha256, :tasksSeen, :tasksRejected, :runId)
                        ON CONFLICT (cluster_id) DO UPDATE SET
                            project_id = EXCLUDED.project_id, body_sha256 = EXCLUDED.body_sha256,
                            tasks_seen = EXCLUDED.tasks_seen, tasks_rejected = EXCLUDED.tasks_rejected,
                            run_id = EXCLUDED.run_id
                        """)
                .param("clusterId", clusterId).param("projectId", response.projectId())
                .param("bodySha256", response.bodySha256()).param("tasksSeen", response.tasksSeen())
                .param("tasksRejected", response.tasksRejected()).param("runId", runId)
                .update();
    }
}
