package io.github.cceupgradearchiver.archive;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code archive_run} rows: opened before the first cluster, totalled from {@code cluster_fetch} at the end. */
final class ArchiveRuns {

    private static final String OPEN = """
            INSERT INTO upgrade_history.archive_run (job_instance_id, started_at, status, clusters_total)
            VALUES (?, ?, 'RUNNING', ?)
            RETURNING run_id
            """;

    private static final String CLOSE = """
            UPDATE upgrade_history.archive_run r SET
                finished_at = ?,
                status = CASE WHEN ? <> 'SUCCEEDED' THEN ?
                              WHEN f.clusters_failed > 0 THEN 'PARTIAL' ELSE 'SUCCEEDED' END,
                clusters_failed = f.clusters_failed, tasks_seen = f.tasks_seen, tasks_inserted = f.tasks_inserted,
                tasks_changed = f.tasks_changed, tasks_rejected = f.tasks_rejected, tasks_delisted = f.tasks_delisted
            FROM (SELECT count(*) FILTER (WHERE outcome = 'FAILED') AS clusters_failed,
                         coalesce(sum(tasks_seen), 0) AS tasks_seen, coalesce(sum(tasks_inserted), 0) AS tasks_inserted,
                         coalesce(sum(tasks_changed), 0) AS tasks_changed, coalesce(sum(tasks_rejected), 0) AS tasks_rejected,
                         coalesce(sum(tasks_delisted), 0) AS tasks_delisted
                  FROM upgrade_history.cluster_fetch WHERE run_id = ?) f
            WHERE r.run_id = ?
            """;

    private static final String SUMMARY = """
            SELECT run_id, status, started_at, finished_at, clusters_total, clusters_failed, tasks_seen,
                   tasks_inserted, tasks_changed, tasks_rejected, tasks_delisted
            FROM upgrade_history.archive_run WHERE run_id = ?
            """;

    private static final String FAILED_CLUSTERS = """
            SELECT coalesce(cluster_name, cluster_id) || ' (' || error_class || coalesce(' ' || http_status, '') || ')'
            FROM upgrade_history.cluster_fetch WHERE run_id = ? AND outcome = 'FAILED' ORDER BY 1
            """;

    private final JdbcClient jdbc;

    ArchiveRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long open(long jobInstanceId, int clusters, Instant now) {
        return jdbc.sql(OPEN).params(jobInstanceId, Timestamp.from(now), clusters).query(Long.class).single();
    }

    Optional<Long> runOfJobInstance(long jobInstanceId) {
        return jdbc.sql("SELECT run_id FROM upgrade_history.archive_run WHERE job_instance_id = ? ORDER BY run_id DESC LIMIT 1")
                .params(jobInstanceId).query(Long.class).optional();
    }

    /** Marks a resumed run as running again; returns how many of its clusters were already fetched. */
    int reopen(long runId, int clusters) {
        jdbc.sql("UPDATE upgrade_history.archive_run SET status = 'RUNNING', finished_at = NULL, clusters_total = ? WHERE run_id = ?")
                .params(clusters, runId).update();
        return fetched(runId);
    }

    /** The run's clusters whose fetch, successful or not, has been recorded. */
    int fetched(long runId) {
        return jdbc.sql("SELECT count(*) FROM upgrade_history.cluster_fetch WHERE run_id = ?")
                .params(runId).query(Integer.class).single();
    }

    /** Closes the run; a run that completed is PARTIAL or SUCCEEDED according to its cluster fetches. */
    void close(long runId, RunStatus status, Instant now) {
        jdbc.sql(CLOSE).params(Timestamp.from(now), status.name(), status.name(), runId, runId).update();
    }

    RunSummary summary(long runId) {
        List<String> failed = jdbc.sql(FAILED_CLUSTERS).params(runId).query(String.class).list();
        return jdbc.sql(SUMMARY).params(runId).query((rs, row) -> {
            Instant started = rs.getTimestamp("started_at").toInstant();
            Timestamp finished = rs.getTimestamp("finished_at");
            return new RunSummary(rs.getLong("run_id"), RunStatus.valueOf(rs.getString("status")),
                    Duration.between(started, finished == null ? started : finished.toInstant()),
                    rs.getInt("clusters_total"), rs.getInt("clusters_failed"), rs.getInt("tasks_seen"),
                    rs.getInt("tasks_inserted"), rs.getInt("tasks_changed"), rs.getInt("tasks_rejected"),
                    rs.getInt("tasks_delisted"), failed, null);
        }).single();
    }
}
