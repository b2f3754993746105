package io.github.cceupgradearchiver.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The report's reads, over the analyst views of V4 (and {@code cluster_fetch} and {@code archive_run} for coverage).
 * Clusters are ordered by name bytewise, so a report reads the same whatever the database's collation.
 */
class ReportQueries {

    private static final String CLUSTERS = """
            SELECT cluster_id FROM upgrade_history.v_cluster
            WHERE cardinality(CAST(:requested AS text[])) = 0 OR cluster_id = ANY(CAST(:requested AS text[]))
            ORDER BY cluster_name COLLATE "C", cluster_id
            """;

    private static final String UPGRADES = """
            SELECT u.task_id, u.cluster_id, u.cluster_name, u.source_version, u.target_version, u.phase,
                   u.created_at, u.completed_at, u.duration_seconds, u.listed, f.problem, f.how_long_seconds
            FROM upgrade_history.v_upgrade u
            LEFT JOIN upgrade_history.v_failed_upgrade f ON f.cluster_id = u.cluster_id AND f.task_id = u.task_id
            WHERE u.cluster_id = ANY(CAST(:clusters AS text[])) AND u.created_at >= :start AND u.created_at < :end
            ORDER BY u.created_at, u.cluster_id, u.task_id
            """;

    // Failed and stuck as v_failed_upgrade counts them; versions as v_cluster_version_history has them at each instant.
    private static final String SUMMARIES = """
            SELECT c.cluster_id, c.cluster_name, count(u.task_id) AS upgrades,
                   count(*) FILTER (WHERE u.phase = 'Success') AS succeeded,
                   count(*) FILTER (WHERE u.phase = 'Failed') AS failed,
                   count(*) FILTER (WHERE u.stuck) AS stuck,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY u.duration_seconds) FILTER (WHERE u.phase = 'Success')
                       AS median_seconds,
                   (SELECT h.version FROM upgrade_history.v_cluster_version_history h
                    WHERE h.cluster_id = c.cluster_id AND (h.reached_at IS NULL OR h.reached_at < :start)
                    ORDER BY h.step DESC LIMIT 1) AS version_at_start,
                   (SELECT h.version FROM upgrade_history.v_cluster_version_history h
                    WHERE h.cluster_id = c.cluster_id AND (h.reached_at IS NULL OR h.reached_at < :end)
                    ORDER BY h.step DESC LIMIT 1) AS version_at_end
            FROM upgrade_history.v_cluster c
            LEFT JOIN upgrade_history.v_upgrade u
                   ON u.cluster_id = c.cluster_id AND u.created_at >= :start AND u.created_at < :end
            WHERE c.cluster_id = ANY(CAST(:clusters AS text[]))
            GROUP BY c.cluster_id, c.cluster_name
            ORDER BY c.cluster_name COLLATE "C", c.cluster_id
            """;

    // A day is a gap when it lies after the cluster's first fetch ever and no fetch of the cluster succeeded in it.
    private static final String COVERAGE = """
            SELECT c.cluster_id, c.cluster_name,
                   count(f.run_id) FILTER (WHERE f.outcome = 'OK') AS successful_fetches,
                   count(f.run_id) FILTER (WHERE f.outcome = 'FAILED') AS failed_fetches,
                   (array_agg(f.error_class ORDER BY f.fetched_at DESC) FILTER (WHERE f.outcome = 'FAILED'))[1]
                       AS last_failure,
                   string_agg(DISTINCT f.account, ', ' ORDER BY f.account) AS accounts,
                   (SELECT count(*)
                    FROM unnest(CAST(:dayStarts AS timestamptz[]), CAST(:dayEnds AS timestamptz[]))
                         AS d(day_start, day_end)
                    WHERE d.day_end > (SELECT min(first.fetched_at) FROM upgrade_history.cluster_fetch first
                                       WHERE first.cluster_id = c.cluster_id)
                      AND NOT EXISTS (SELECT FROM upgrade_history.cluster_fetch ok
                                      WHERE ok.cluster_id = c.cluster_id AND ok.outcome = 'OK'
                                        AND ok.fetched_at >= d.day_start AND ok.fetched_at < d.day_end))
                       AS days_without_success
            FROM upgrade_history.v_cluster c
            LEFT JOIN upgrade_history.cluster_fetch f
                   ON f.cluster_id = c.cluster_id AND f.fetched_at >= :start AND f.fetched_at < :end
            WHERE c.cluster_id = ANY(CAST(:clusters AS text[]))
            GROUP BY c.cluster_id, c.cluster_name
            ORDER BY c.cluster_name COLLATE "C", c.cluster_id
            """;

    private static final String RUNS = """
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
                   count(*) FILTER (WHERE status = 'PARTIAL') AS partial,
                   count(*) FILTER (WHERE status NOT IN ('SUCCEEDED', 'PARTIAL')) AS unsuccessful
            FROM upgrade_history.archive_run
            WHERE started_at >= :start AND started_at < :end
            """;

    private static final String STUCK_AFTER = """
            SELECT extract(epoch FROM stuck_after)::bigint FROM upgrade_history.report_setting
            """;

    private final JdbcClient jdbc;

    ReportQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<LocalDate> firstArchivedDay(ZoneId zone) {
        return jdbc.sql("SELECT min(created_at AT TIME ZONE ?)::date FROM upgrade_history.upgrade_task")
                .param(zone.getId()).query(LocalDate.class).optional();
    }

    /** The ids of the requested clusters the archive knows (every known cluster when none is requested). */
    List<String> clusters(List<String> requested) {
        return jdbc.sql(CLUSTERS).param("requested", requested.toArray(String[]::new)).query(String.class).list();
    }

    List<Upgrade> upgrades(List<String> clusters, ReportPeriod period) {
        return jdbc.sql(UPGRADES).params(scope(clusters, period))
                .query((rs, row) -> new Upgrade(rs.getString("task_id"), rs.getString("cluster_id"),
                        rs.getString("cluster_name"), rs.getString("source_version"), rs.getString("target_version"),
                        rs.getString("phase"), instant(rs, "created_at"), nullableInstant(rs, "completed_at"),
                        rs.getBigDecimal("duration_seconds"), rs.getBoolean("listed"), problem(rs),
                        rs.getBigDecimal("how_long_seconds")))
                .list();
    }

    List<ClusterSummary> summaries(List<String> clusters, ReportPeriod period) {
        return jdbc.sql(SUMMARIES).params(scope(clusters, period))
                .query((rs, row) -> new ClusterSummary(rs.getString("cluster_id"), rs.getString("cluster_name"),
                        rs.getInt("upgrades"), rs.getInt("succeeded"), rs.getInt("failed"), rs.getInt("stuck"),
                        rs.getBigDecimal("median_seconds"), rs.getString("version_at_start"),
                        rs.getString("version_at_end")))
                .list();
    }

    List<ClusterCoverage> coverage(List<String> clusters, ReportPeriod period, Instant now) {
        List<ReportPeriod.Day> days = period.daysEndedBy(now);
        return jdbc.sql(COVERAGE).params(scope(clusters, period))
                .param("dayStarts", days.stream().map(day -> day.start().toString()).toArray(String[]::new))
                .param("dayEnds", days.stream().map(day -> day.end().toString()).toArray(String[]::new))
                .query((rs, row) -> new ClusterCoverage(rs.getString("cluster_id"), rs.getString("cluster_name"),
                        rs.getInt("successful_fetches"), rs.getInt("failed_fetches"), rs.getString("last_failure"),
                        rs.getInt("days_without_success"), rs.getString("accounts")))
                .list();
    }

    RunCounts runs(ReportPeriod period) {
        return jdbc.sql(RUNS).param("start", timestamp(period.start())).param("end", timestamp(period.end()))
                .query((rs, row) -> new RunCounts(rs.getInt("total"), rs.getInt("succeeded"), rs.getInt("partial"),
                        rs.getInt("unsuccessful")))
                .single();
    }

    /** How long an upgrade may run before it is stuck; null when report_setting has no row (nothing is stuck). */
    @Nullable Duration stuckAfter() {
        return jdbc.sql(STUCK_AFTER).query(Long.class).optional().map(Duration::ofSeconds).orElse(null);
    }

    private static Upgrade.@Nullable Problem problem(ResultSet rs) throws SQLException {
        String problem = rs.getString("problem");
        return problem == null ? null : Upgrade.Problem.valueOf(problem);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The parameters every per-cluster query shares: the clusters and the period's bounds. */
    private static Map<String, Object> scope(List<String> clusters, ReportPeriod period) {
        return Map.of("clusters", clusters.toArray(String[]::new),
                "start", timestamp(period.start()), "end", timestamp(period.end()));
    }
}
