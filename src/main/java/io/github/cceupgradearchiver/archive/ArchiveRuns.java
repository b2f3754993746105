package io.github.cceupgradearchiver.archive;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code archive_run} rows: opened before the first cluster, totalled from {@code cluster_fetch} at the end. */
final class ArchiveRuns {

    private static final String OPEN = """
            INSERT INTO upgrade_history.archive_run (started_at, status, clusters_total, scope)
            VALUES (:now, 'RUNNING', :clusters, :scope)
            RETURNING run_id
            """;

    private static final String LAST = """
            SELECT run_id, status, started_at FROM upgrade_history.archive_run WHERE scope = :scope
            ORDER BY run_id DESC LIMIT 1
            """;

    private static final String CONTINUE = """
            UPDATE upgrade_history.archive_run
            SET status = 'RUNNING', finished_at = NULL, clusters_total = :clusters, job_instance_id = :jobInstanceId
            WHERE run_id = :runId
            """;

    private static final String CLOSE = """
            UPDATE upgrade_history.archive_run r SET
                finished_at = :now,
                status = CASE WHEN :status <> 'SUCCEEDED' THEN :status
                              WHEN f.clusters_failed > 0 THEN 'PARTIAL' ELSE 'SUCCEEDED' END,
                clusters_failed = f.clusters_failed, tasks_seen = f.tasks_seen, tasks_inserted = f.tasks_inserted,
                tasks_changed = f.tasks_changed, tasks_rejected = f.tasks_rejected, tasks_delisted = f.tasks_delisted
            FROM (SELECT count(*) FILTER (WHERE outcome = 'FAILED') AS clusters_failed,
                         coalesce(sum(tasks_seen), 0) AS tasks_seen, coalesce(sum(tasks_inserted), 0) AS tasks_inserted,
                         coalesce(sum(tasks_changed), 0) AS tasks_changed, coalesce(sum(tasks_rejected), 0) AS tasks_rejected,
                         coalesce(sum(tasks_delisted), 0) AS tasks_delisted
                  FROM upgrade_history.cluster_fetch WHERE run_id = :runId) f
            WHERE r.run_id = :runId
            """;

    private static final String SUMMARY = """
            SELECT run_id, status, started_at, finished_at, clusters_total, clusters_failed, tasks_seen,
                   tasks_inserted, tasks_changed, tasks_rejected, tasks_delisted
            FROM upgrade_history.archive_run WHERE run_id = :runId
            """;

    private static final String FAILED_CLUSTERS = """
            SELECT coalesce(cluster_name, cluster_id) || ' (' || error_class || coalesce(' ' || http_status, '')
                   || CASE WHEN account = 'default' THEN '' ELSE ', account ' || account END || ')'
            FROM upgrade_history.cluster_fetch WHERE run_id = :runId AND outcome = 'FAILED' ORDER BY 1
            """;

    private final JdbcClient jdbc;

    ArchiveRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest run, as far as deciding whether to continue it goes. */
    record LastRun(long runId, RunStatus status, Instant startedAt) {

        /** Ended without going through all its clusters (stopped, failed, or its process died while RUNNING). */
        boolean unfinished() {
            return status != RunStatus.SUCCEEDED && status != RunStatus.PARTIAL;
        }
    }

    /** The newest run of these accounts ({@code archive_run.scope}). */
    Optional<LastRun> last(String scope) {
        return jdbc.sql(LAST).param("scope", scope).query((rs, row) -> new LastRun(rs.getLong("run_id"),
                RunStatus.valueOf(rs.getString("status")), rs.getTimestamp("started_at").toInstant())).optional();
    }

    /** A new run; the job instance that runs it is attached by {@link #continueRun}. */
    long open(int clusters, String scope, Instant now) {
        return jdbc.sql(OPEN).param("now", Timestamp.from(now)).param("scope", scope)
                .param("clusters", clusters).query(Long.class).single();
    }

    /** Marks the run as running under the job instance that runs it (again, for a continued run). */
    void continueRun(long runId, long jobInstanceId, int clusters) {
        jdbc.sql(CONTINUE).param("clusters", clusters).param("jobInstanceId", jobInstanceId).param("runId", runId).update();
    }

    /** The clusters the run has archived: fetched OK (whatever failed is fetched again by a continuation). */
    Set<String> archivedClusters(long runId) {
        return Set.copyOf(jdbc.sql("SELECT cluster_id FROM upgrade_history.cluster_fetch WHERE run_id = :runId AND outcome = 'OK'")
                .param("runId", runId).query(String.class).list());
    }

    /** The run's clusters whose fetch, successful or not, has been recorded. */
    int fetched(long runId) {
        return jdbc.sql("SELECT count(*) FROM upgrade_history.cluster_fetch WHERE run_id = :runId")
                .param("runId", runId).query(Integer.class).single();
    }

    /** Closes the run; a run that completed is PARTIAL or SUCCEEDED according to its cluster fetches. */
    void close(long runId, RunStatus status, Instant now) {
        jdbc.sql(CLOSE).param("now", Timestamp.from(now)).param("status", status.name()).param("runId", runId).update();
    }

    RunSummary summary(long runId) {
        List<String> failed = jdbc.sql(FAILED_CLUSTERS).param("runId", runId).query(String.class).list();
        return jdbc.sql(SUMMARY).param("runId", runId).query((rs, row) -> {
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
