package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.InvalidCluster;
import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code cluster_fetch}: one row per cluster and run, written again when a continued run fetches the cluster again. */
final class ClusterFetches {

    private static final String RECORD = """
            INSERT INTO upgrade_history.cluster_fetch
                (run_id, project_id, family, region, cluster_id, cluster_name, account, fetched_at, outcome, http_status,
                 attempts, error_class, error_code, error_message,
                 tasks_seen, tasks_inserted, tasks_changed, tasks_rejected, tasks_delisted)
            VALUES (:runId, :projectId, :family, :region, :clusterId, :clusterName, :account, :fetchedAt, :outcome,
                    :httpStatus, :attempts,
                    :errorClass, :errorCode, :errorMessage,
                    :seen, :inserted, :changed, :rejected, :delisted)
            ON CONFLICT (run_id, cluster_id) DO UPDATE SET
                account = EXCLUDED.account, fetched_at = EXCLUDED.fetched_at, outcome = EXCLUDED.outcome, http_status = EXCLUDED.http_status,
                attempts = EXCLUDED.attempts,
                error_class = EXCLUDED.error_class, error_code = EXCLUDED.error_code,
                error_message = EXCLUDED.error_message, tasks_seen = EXCLUDED.tasks_seen,
                tasks_inserted = EXCLUDED.tasks_inserted, tasks_changed = EXCLUDED.tasks_changed,
                tasks_rejected = EXCLUDED.tasks_rejected, tasks_delisted = EXCLUDED.tasks_delisted
            """;

    private final JdbcClient jdbc;

    ClusterFetches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A cluster archived (or found unchanged), with what it held and what changed; FAILED when one kind of its evidence
     * failed (the failure names the kind).
     */
    void fetched(long runId, ClusterOutcome outcome, int attempts, Instant now) {
        var cluster = outcome.cluster();
        var failure = outcome.failure();
        record(runId, cluster.projectId(), cluster.family().value(), cluster.region(), cluster.clusterId(), cluster.name(),
                cluster.account(), now, failure == null ? Integer.valueOf(200) : failure.httpStatus(), attempts, failure,
                outcome);
    }

    /** A cluster that failed; its counts are zero. */
    void failed(long runId, ClusterRef cluster, ApiFailure failure, int attempts, Instant now) {
        record(runId, cluster.projectId(), cluster.family().value(), cluster.region(), cluster.clusterId(), cluster.name(),
                cluster.account(), now, failure.httpStatus(), attempts, failure, null);
    }

    /** A listed cluster that cannot be fetched: recorded under its shown id, never called. */
    void invalid(long runId, InvalidCluster invalid, Instant now) {
        record(runId, invalid.projectId(), invalid.family().value(), invalid.region(), invalid.shownId(), null,
                invalid.account(), now, invalid.failure().httpStatus(), 1, invalid.failure(), null);
    }

    private void record(long runId, String projectId, String family, String region, String clusterId, @Nullable String name,
                        String account, Instant now, @Nullable Integer httpStatus, int attempts,
                        @Nullable ApiFailure failure, @Nullable ClusterOutcome counts) {
        jdbc.sql(RECORD)
                .param("runId", runId).param("projectId", projectId).param("family", family).param("region", region)
                .param("clusterId", clusterId).param("clusterName", name).param("account", account)
                .param("fetchedAt", Timestamp.from(now)).param("outcome", failure == null ? "OK" : "FAILED")
                .param("httpStatus", httpStatus).param("attempts", attempts)
                .param("errorClass", failure == null ? null : failure.kind().name())
                .param("errorCode", failure == null ? null : failure.errorCode())
                .param("errorMessage", failure == null ? null : failure.message())
                .param("seen", counts == null ? 0 : counts.seen())
                .param("inserted", counts == null ? 0 : counts.inserted())
                .param("changed", counts == null ? 0 : counts.changed())
                .param("rejected", counts == null ? 0 : counts.rejected())
                .param("delisted", counts == null ? 0 : counts.delisted())
                .update();
    }
}
