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
 * The report's reads, from the base tables only (the analyst views of V4 say the same, but the schema's owner could
 * replace them), {@code cluster_fetch} and {@code archive_run} for coverage, and each upgrade's evidence, linked from
 * the base tables of V8 as {@code v_upgrade_evidence} links it.
 * Clusters are ordered by name bytewise, so a report reads the same whatever the database's collation.
 */
class ReportQueries {

    // The schema's owner can replace a view or function (CREATE OR REPLACE VIEW v_upgrade ... forged rows) while
    // verify, which reads base tables, still finds the archive intact. So the report reads the base tables alone,
    // with names resolved in pg_catalog only (TRUSTED_NAMES); these CTEs say what the analyst views of V4 say.
    static final String TRUSTED_NAMES = "SET LOCAL search_path = pg_catalog, pg_temp";

    /** v_cluster: each cluster fetched, with its latest name. */
    private static final String CLUSTER = """
            cluster AS (
                SELECT k.cluster_id,
                       coalesce((SELECT f.cluster_name FROM upgrade_history.cluster_fetch f
                                 WHERE f.cluster_id = k.cluster_id AND f.cluster_name IS NOT NULL
                                 ORDER BY f.fetched_at DESC LIMIT 1), k.cluster_id) AS cluster_name
                FROM (SELECT DISTINCT cluster_id FROM upgrade_history.cluster_fetch) k
            )""";

    /** v_upgrade with v_failed_upgrade's problem and how long: each task's latest state. */
    private static final String UPGRADE = CLUSTER + """
            , task AS (
                SELECT t.*, t.completed_at IS NULL AND t.phase IS DISTINCT FROM 'Success'
                            AND t.phase IS DISTINCT FROM 'Failed'
                            AND t.created_at < now() - (SELECT stuck_after FROM upgrade_history.report_setting) AS stuck
                FROM upgrade_history.upgrade_task t
            ), upgrade AS (
                SELECT t.task_id, t.cluster_id, coalesce(c.cluster_name, t.cluster_id) AS cluster_name,
                       t.source_version, t.target_version, t.phase, t.created_at, t.completed_at, t.duration_seconds,
                       t.delisted_at IS NULL AS listed, t.stuck,
                       CASE WHEN t.phase = 'Failed' THEN 'FAILED' WHEN t.stuck THEN 'STUCK' END AS problem,
                       CASE WHEN t.phase = 'Failed' THEN extract(epoch FROM coalesce(t.completed_at, t.updated_at) - t.created_at)
                            WHEN t.stuck THEN extract(epoch FROM now() - t.created_at) END AS how_long_seconds
                FROM task t LEFT JOIN cluster c ON c.cluster_id = t.cluster_id
            )""";

    /** v_cluster_version_history's steps: the version before the first task, then each successful upgrade's target. */
    private static final String VERSION_STEP = """
            , version_step AS (
                (SELECT DISTINCT ON (cluster_id) cluster_id, NULL::timestamptz AS reached_at, NULL::text AS task_id,
                        source_version AS version
                 FROM upgrade_history.upgrade_task ORDER BY cluster_id, created_at, task_id)
                UNION ALL
                SELECT cluster_id, coalesce(completed_at, updated_at, created_at), task_id, target_version
                FROM upgrade_history.upgrade_task WHERE phase = 'Success'
            )""";

    private static final String CLUSTERS = "WITH " + CLUSTER + """

            SELECT cluster_id FROM cluster
            WHERE cardinality(CAST(:requested AS text[])) = 0 OR cluster_id = ANY(CAST(:requested AS text[]))
            ORDER BY cluster_name COLLATE "C", cluster_id
            """;

    // The evidence is linked here from the base tables, as v_upgrade_evidence (V8) links it (see TRUSTED_NAMES).
    private static final String UPGRADES = "WITH " + UPGRADE + """

            SELECT u.task_id, u.cluster_id, u.cluster_name, u.source_version, u.target_version, u.phase,
                   u.created_at, u.completed_at, u.duration_seconds, u.listed, u.problem, u.how_long_seconds,
                   w.workflow_id,
                   coalesce(w.precheck_id, tp.task_id) AS precheck_task_id, coalesce(wp.phase, tp.phase) AS precheck_phase,
                   CASE WHEN w.precheck_id IS NOT NULL THEN 'workflow' WHEN tp.task_id IS NOT NULL THEN 'time' END
                       AS precheck_link,
                   pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(coalesce(wp.raw, tp.raw),
                       'strict $.status.** ? (@.level like_regex "^warning$" flag "i")')) AS precheck_warnings,
                   pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(coalesce(wp.raw, tp.raw),
                       'strict $.status.** ? (exists (@.level) && exists (@.riskSource.*[*]))')) AS precheck_risks,
                   pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(coalesce(wp.raw, tp.raw),
                       '$.spec.skippedCheckItemList[*]')) AS precheck_skipped,
                   coalesce(w.snapshot_id, ts.task_id) AS snapshot_task_id, coalesce(ws.phase, ts.phase) AS snapshot_phase,
                   CASE WHEN w.snapshot_id IS NOT NULL THEN 'workflow' WHEN ts.task_id IS NOT NULL THEN 'time' END
                       AS snapshot_link
            FROM upgrade u
            LEFT JOIN LATERAL (
                SELECT w.workflow_id,
                       pg_catalog.jsonb_path_query_first(w.raw,
                           '$.status.pointStatuses[*] ? (@.taskType == "PreCheck").taskID') #>> '{}' AS precheck_id,
                       pg_catalog.jsonb_path_query_first(w.raw,
                           '$.status.pointStatuses[*] ? (@.taskType == "Snapshot").taskID') #>> '{}' AS snapshot_id
                FROM upgrade_history.upgrade_workflow w
                WHERE w.cluster_id = u.cluster_id
                  AND pg_catalog.jsonb_path_exists(w.raw,
                          '$.status.pointStatuses[*] ? (@.taskType == "Cluster" && @.taskID == $id)',
                          pg_catalog.jsonb_build_object('id', u.task_id))
                ORDER BY w.created_at DESC NULLS LAST, w.workflow_id LIMIT 1) w ON true
            LEFT JOIN upgrade_history.precheck_task wp ON wp.cluster_id = u.cluster_id AND wp.task_id = w.precheck_id
            LEFT JOIN upgrade_history.snapshot_task ws ON ws.cluster_id = u.cluster_id AND ws.task_id = w.snapshot_id
            LEFT JOIN LATERAL (
                SELECT p.task_id, p.phase, p.raw FROM upgrade_history.precheck_task p
                WHERE w.workflow_id IS NULL AND p.cluster_id = u.cluster_id AND p.target_version = u.target_version
                  AND p.created_at <= u.created_at
                ORDER BY p.created_at DESC, p.task_id LIMIT 1) tp ON true
            LEFT JOIN LATERAL (
                SELECT s.task_id, s.phase FROM upgrade_history.snapshot_task s
                WHERE w.workflow_id IS NULL AND s.cluster_id = u.cluster_id AND s.finished_at <= u.created_at
                  AND s.finished_at > coalesce((SELECT max(e.created_at) FROM upgrade_history.upgrade_task e
                                                WHERE e.cluster_id = u.cluster_id AND e.created_at < u.created_at),
                                               '-infinity')
                ORDER BY s.finished_at DESC, s.task_id LIMIT 1) ts ON true
            WHERE u.cluster_id = ANY(CAST(:clusters AS text[])) AND u.created_at >= :start AND u.created_at < :end
            ORDER BY u.created_at, u.cluster_id, u.task_id
            """;

    // Failed and stuck as v_failed_upgrade counts them; versions as v_cluster_version_history has them at each instant.
    private static final String SUMMARIES = "WITH " + UPGRADE + VERSION_STEP + """

            SELECT c.cluster_id, c.cluster_name, count(u.task_id) AS upgrades,
                   count(*) FILTER (WHERE u.phase = 'Success') AS succeeded,
                   count(*) FILTER (WHERE u.phase = 'Failed') AS failed,
                   count(*) FILTER (WHERE u.stuck) AS stuck,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY u.duration_seconds) FILTER (WHERE u.phase = 'Success')
                       AS median_seconds,
                   (SELECT h.version FROM version_step h
                    WHERE h.cluster_id = c.cluster_id AND (h.reached_at IS NULL OR h.reached_at < :start)
                    ORDER BY h.reached_at DESC NULLS LAST, h.task_id DESC LIMIT 1) AS version_at_start,
                   (SELECT h.version FROM version_step h
                    WHERE h.cluster_id = c.cluster_id AND (h.reached_at IS NULL OR h.reached_at < :end)
                    ORDER BY h.reached_at DESC NULLS LAST, h.task_id DESC LIMIT 1) AS version_at_end
            FROM cluster c
            LEFT JOIN upgrade u
                   ON u.cluster_id = c.cluster_id AND u.created_at >= :start AND u.created_at < :end
            WHERE c.cluster_id = ANY(CAST(:clusters AS text[]))
            GROUP BY c.cluster_id, c.cluster_name
            ORDER BY c.cluster_name COLLATE "C", c.cluster_id
            """;

    // A day is a gap when it lies after the cluster's first fetch ever and no fetch of the cluster succeeded in it.
    private static final String COVERAGE = "WITH " + CLUSTER + """

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
            FROM cluster c
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
        return jdbc.sql("SELECT min(created_at AT TIME ZONE :zone)::date FROM upgrade_history.upgrade_task")
                .param("zone", zone.getId()).query(LocalDate.class).optional();
    }

    /** From here on in the transaction, names resolve in pg_catalog only: no function or operator of the schema runs. */
    void trustBuiltInsOnly() {
        jdbc.sql(TRUSTED_NAMES).update();
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
                        rs.getBigDecimal("how_long_seconds"), evidence(rs)))
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

    private static UpgradeEvidence evidence(ResultSet rs) throws SQLException {
        return new UpgradeEvidence(rs.getString("workflow_id"), rs.getString("precheck_task_id"),
                rs.getString("precheck_phase"), rs.getString("precheck_link"), rs.getInt("precheck_warnings"),
                rs.getInt("precheck_risks"), rs.getInt("precheck_skipped"), rs.getString("snapshot_task_id"),
                rs.getString("snapshot_phase"), rs.getString("snapshot_link"));
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
