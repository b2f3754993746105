-- Views for analysts and for the report command: one row per upgrade with its versions split into numbers,
-- each cluster's version history, failed and stuck upgrades, monthly figures and the archive's coverage.
-- docs/queries.md answers real questions with them. Times are given as timestamptz, and also as local
-- times in UTC and in China Standard Time (Asia/Shanghai, the zone of the CCE console).

-- The one setting of the views: how long an unfinished upgrade may run before it counts as stuck.
CREATE TABLE upgrade_history.report_setting (
    only_row    boolean  PRIMARY KEY DEFAULT true CHECK (only_row),
    stuck_after interval NOT NULL DEFAULT interval '6 hours' CHECK (stuck_after > interval '0')
);
INSERT INTO upgrade_history.report_setting DEFAULT VALUES;
COMMENT ON TABLE upgrade_history.report_setting IS
    'Settings of the analyst views, one row. Change with: UPDATE upgrade_history.report_setting SET stuck_after = interval ''12 hours''';
COMMENT ON COLUMN upgrade_history.report_setting.only_row IS 'Always true: keeps the table to one row';
COMMENT ON COLUMN upgrade_history.report_setting.stuck_after IS
    'An upgrade not finished this long after it started is stuck (v_upgrade.stuck, v_failed_upgrade); default 6 hours';

-- A CCE version such as v1.19.16-r80 as {major, minor, patch, release}; null when it does not parse,
-- and a null release when the -rN suffix is missing (v1.28.3).
CREATE FUNCTION upgrade_history.version_parts(version text) RETURNS integer[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_match(version, '^v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:-r(\d{1,9}))?$')::integer[]
$$;
COMMENT ON FUNCTION upgrade_history.version_parts(text) IS
    'v1.19.16-r80 -> {1,19,16,80}; null when the text is not a version, release null without -rN';

CREATE VIEW upgrade_history.v_cluster AS
SELECT latest.cluster_id, latest.project_id, latest.region,
       coalesce(named.cluster_name, latest.cluster_id) AS cluster_name
FROM (SELECT DISTINCT ON (cluster_id) cluster_id, project_id, region
      FROM upgrade_history.cluster_fetch
      ORDER BY cluster_id, fetched_at DESC) latest
LEFT JOIN LATERAL (
    SELECT f.cluster_name FROM upgrade_history.cluster_fetch f
    WHERE f.cluster_id = latest.cluster_id AND f.cluster_name IS NOT NULL
    ORDER BY f.fetched_at DESC LIMIT 1) named ON true;
COMMENT ON VIEW upgrade_history.v_cluster IS 'One row per cluster the archive has tried to fetch, with its latest name';
COMMENT ON COLUMN upgrade_history.v_cluster.cluster_id IS 'The CCE cluster id';
COMMENT ON COLUMN upgrade_history.v_cluster.project_id IS 'Project of the latest fetch';
COMMENT ON COLUMN upgrade_history.v_cluster.region IS 'Region of the latest fetch';
COMMENT ON COLUMN upgrade_history.v_cluster.cluster_name IS
    'The latest name cluster_fetch recorded for the cluster, or its id when it was never named';

CREATE VIEW upgrade_history.v_upgrade AS
SELECT t.project_id, t.cluster_id, coalesce(c.cluster_name, t.cluster_id) AS cluster_name, t.task_id,
       t.source_version, s.v[1] AS source_major, s.v[2] AS source_minor, s.v[3] AS source_patch,
       s.v[4] AS source_release,
       t.target_version, g.v[1] AS target_major, g.v[2] AS target_minor, g.v[3] AS target_patch,
       g.v[4] AS target_release,
       t.phase, t.progress,
       t.completed_at IS NOT NULL OR t.phase IN ('Success', 'Failed') AS finished,
       t.completed_at IS NULL AND t.phase IS DISTINCT FROM 'Success' AND t.phase IS DISTINCT FROM 'Failed'
           AND t.created_at < now() - (SELECT stuck_after FROM upgrade_history.report_setting) AS stuck,
       t.created_at, t.created_at AT TIME ZONE 'UTC' AS created_at_utc,
       t.created_at AT TIME ZONE 'Asia/Shanghai' AS created_at_cst,
       t.completed_at, t.completed_at AT TIME ZONE 'UTC' AS completed_at_utc,
       t.completed_at AT TIME ZONE 'Asia/Shanghai' AS completed_at_cst,
       t.updated_at,
       t.duration_seconds, t.completed_at - t.created_at AS duration,
       t.delisted_at IS NULL AS listed, t.delisted_at, t.first_seen_at
FROM upgrade_history.upgrade_task t
LEFT JOIN upgrade_history.v_cluster c ON c.cluster_id = t.cluster_id
CROSS JOIN LATERAL (SELECT upgrade_history.version_parts(t.source_version) AS v) s
CROSS JOIN LATERAL (SELECT upgrade_history.version_parts(t.target_version) AS v) g;
COMMENT ON VIEW upgrade_history.v_upgrade IS
    'One row per upgrade task (its latest state): versions as numbers, times in UTC and China Standard Time, duration';
COMMENT ON COLUMN upgrade_history.v_upgrade.project_id IS 'Project of the cluster';
COMMENT ON COLUMN upgrade_history.v_upgrade.cluster_id IS 'The CCE cluster id';
COMMENT ON COLUMN upgrade_history.v_upgrade.cluster_name IS 'The cluster''s latest name (v_cluster), or its id';
COMMENT ON COLUMN upgrade_history.v_upgrade.task_id IS 'metadata.uid of the task';
COMMENT ON COLUMN upgrade_history.v_upgrade.source_version IS 'spec.version as received, e.g. v1.19.16-r80';
COMMENT ON COLUMN upgrade_history.v_upgrade.source_major IS 'Major of source_version (1 in v1.19.16-r80); null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_upgrade.source_minor IS 'Minor of source_version (19 in v1.19.16-r80); null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_upgrade.source_patch IS 'Patch of source_version (16 in v1.19.16-r80); null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_upgrade.source_release IS 'CCE release of source_version (80 in v1.19.16-r80); null when it does not parse or has no -rN';
COMMENT ON COLUMN upgrade_history.v_upgrade.target_version IS 'spec.targetVersion as received';
COMMENT ON COLUMN upgrade_history.v_upgrade.target_major IS 'Major of target_version; null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_upgrade.target_minor IS 'Minor of target_version; null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_upgrade.target_patch IS 'Patch of target_version; null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_upgrade.target_release IS 'CCE release of target_version; null when it does not parse or has no -rN';
COMMENT ON COLUMN upgrade_history.v_upgrade.phase IS 'status.phase as received: Success, Failed, Running, ... (unknown phases kept)';
COMMENT ON COLUMN upgrade_history.v_upgrade.progress IS 'status.progress as received';
COMMENT ON COLUMN upgrade_history.v_upgrade.finished IS 'The task has a completion time or its phase is Success or Failed';
COMMENT ON COLUMN upgrade_history.v_upgrade.stuck IS
    'Not finished although it started more than report_setting.stuck_after ago (6 hours by default)';
COMMENT ON COLUMN upgrade_history.v_upgrade.created_at IS 'When the upgrade started (metadata.creationTimestamp)';
COMMENT ON COLUMN upgrade_history.v_upgrade.created_at_utc IS 'created_at as a local time in UTC';
COMMENT ON COLUMN upgrade_history.v_upgrade.created_at_cst IS 'created_at as a local time in China Standard Time (Asia/Shanghai, UTC+8)';
COMMENT ON COLUMN upgrade_history.v_upgrade.completed_at IS 'When the upgrade completed (status.completionTime); null while it has not';
COMMENT ON COLUMN upgrade_history.v_upgrade.completed_at_utc IS 'completed_at as a local time in UTC';
COMMENT ON COLUMN upgrade_history.v_upgrade.completed_at_cst IS 'completed_at as a local time in China Standard Time (Asia/Shanghai, UTC+8)';
COMMENT ON COLUMN upgrade_history.v_upgrade.updated_at IS 'metadata.updateTimestamp';
COMMENT ON COLUMN upgrade_history.v_upgrade.duration_seconds IS 'completed_at - created_at in seconds, to the microsecond; null while not completed';
COMMENT ON COLUMN upgrade_history.v_upgrade.duration IS 'completed_at - created_at as an interval; null while not completed';
COMMENT ON COLUMN upgrade_history.v_upgrade.listed IS 'The API still lists the task (delisted_at IS NULL)';
COMMENT ON COLUMN upgrade_history.v_upgrade.delisted_at IS 'When the API stopped listing the task';
COMMENT ON COLUMN upgrade_history.v_upgrade.first_seen_at IS 'When the archive first saw the task';

-- The versions a cluster went through: step 0 is the version before the first archived upgrade, each
-- later step one successful upgrade, in order. Failed attempts are counted on the version they failed from.
CREATE VIEW upgrade_history.v_cluster_version_history AS
WITH steps AS (
    (SELECT DISTINCT ON (cluster_id) cluster_id, NULL::text AS task_id, NULL::text AS from_version,
            source_version AS version, NULL::timestamptz AS reached_at, NULL::integer AS minors_skipped
     FROM upgrade_history.upgrade_task
     ORDER BY cluster_id, created_at, task_id)
    UNION ALL
    SELECT cluster_id, task_id, source_version, target_version, coalesce(completed_at, updated_at, created_at),
           CASE WHEN source_major = target_major THEN greatest(target_minor - source_minor - 1, 0) END
    FROM upgrade_history.v_upgrade
    WHERE phase = 'Success'
), ordered AS (
    SELECT steps.*, row_number() OVER w - 1 AS step, lag(version) OVER w AS previous_version,
           lead(reached_at) OVER w AS left_at
    FROM steps
    WINDOW w AS (PARTITION BY cluster_id ORDER BY reached_at NULLS FIRST, task_id NULLS FIRST)
)
SELECT o.cluster_id, coalesce(c.cluster_name, o.cluster_id) AS cluster_name, o.step, o.version,
       p.v[1] AS major, p.v[2] AS minor, p.v[3] AS patch, p.v[4] AS release,
       o.reached_at, o.reached_at AT TIME ZONE 'UTC' AS reached_at_utc,
       o.reached_at AT TIME ZONE 'Asia/Shanghai' AS reached_at_cst, o.left_at,
       o.task_id, o.from_version, o.minors_skipped,
       CASE WHEN o.step > 0 THEN o.from_version IS NOT DISTINCT FROM o.previous_version END AS continuous,
       coalesce(failed.attempts, 0) AS failed_attempts, failed.targets AS failed_targets
FROM ordered o
LEFT JOIN upgrade_history.v_cluster c ON c.cluster_id = o.cluster_id
CROSS JOIN LATERAL (SELECT upgrade_history.version_parts(o.version) AS v) p
LEFT JOIN LATERAL (
    SELECT count(*) AS attempts, string_agg(coalesce(t.target_version, '?'), ', ' ORDER BY t.created_at) AS targets
    FROM upgrade_history.upgrade_task t
    WHERE t.cluster_id = o.cluster_id AND t.phase = 'Failed'
      AND (o.reached_at IS NULL OR t.created_at >= o.reached_at)
      AND (o.left_at IS NULL OR t.created_at < o.left_at)) failed ON true;
COMMENT ON VIEW upgrade_history.v_cluster_version_history IS
    'The versions each cluster went through, in order: step 0 the version before its first archived upgrade, '
    'then one step per successful upgrade, with skipped minors and the failed attempts made from each version';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.cluster_id IS 'The CCE cluster id';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.cluster_name IS 'The cluster''s latest name (v_cluster), or its id';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.step IS
    '0 for the version before the first archived upgrade, then 1, 2, ... per successful upgrade';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.version IS 'The version the cluster ran from reached_at to left_at';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.major IS 'Major of version; null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.minor IS 'Minor of version; null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.patch IS 'Patch of version; null when it does not parse';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.release IS 'CCE release of version; null when it does not parse or has no -rN';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.reached_at IS
    'When the upgrade to this version completed; null for step 0 (before the archive''s first task of the cluster)';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.reached_at_utc IS 'reached_at as a local time in UTC';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.reached_at_cst IS 'reached_at as a local time in China Standard Time';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.left_at IS 'When the next successful upgrade completed; null for the current version';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.task_id IS 'The successful upgrade that reached this version; null for step 0';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.from_version IS 'The source version of that upgrade';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.minors_skipped IS
    'Minor versions jumped over by that upgrade (v1.19 -> v1.23 skipped 3); null for step 0 or unparseable versions';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.continuous IS
    'The upgrade started from the previous step''s version; false shows a version change the archive never saw';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.failed_attempts IS
    'Failed upgrades started while the cluster ran this version';
COMMENT ON COLUMN upgrade_history.v_cluster_version_history.failed_targets IS
    'The target versions of those failed attempts, oldest first, comma-separated; null when none';

CREATE VIEW upgrade_history.v_failed_upgrade AS
SELECT u.project_id, u.cluster_id, u.cluster_name, u.task_id, u.source_version, u.target_version, u.phase,
       u.progress,
       CASE WHEN u.phase = 'Failed' THEN 'FAILED' ELSE 'STUCK' END AS problem,
       u.created_at, u.created_at_utc, u.created_at_cst, u.updated_at, u.completed_at,
       h.how_long, extract(epoch FROM h.how_long) AS how_long_seconds, u.listed
FROM upgrade_history.v_upgrade u
CROSS JOIN LATERAL (SELECT CASE WHEN u.phase = 'Failed' THEN coalesce(u.completed_at, u.updated_at) - u.created_at
                                ELSE now() - u.created_at END AS how_long) h
WHERE u.phase = 'Failed' OR u.stuck;
COMMENT ON VIEW upgrade_history.v_failed_upgrade IS
    'Failed upgrades, and upgrades stuck: not finished report_setting.stuck_after (6 hours by default) after they started';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.project_id IS 'Project of the cluster';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.cluster_id IS 'The CCE cluster id';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.cluster_name IS 'The cluster''s latest name (v_cluster), or its id';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.task_id IS 'metadata.uid of the task';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.source_version IS 'spec.version as received';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.target_version IS 'spec.targetVersion as received';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.phase IS 'status.phase as received';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.progress IS 'status.progress as received';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.problem IS 'FAILED (phase Failed) or STUCK (not finished after stuck_after)';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.created_at IS 'When the upgrade started';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.created_at_utc IS 'created_at as a local time in UTC';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.created_at_cst IS 'created_at as a local time in China Standard Time';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.updated_at IS 'metadata.updateTimestamp: the last change the API reported';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.completed_at IS 'When a failed upgrade completed; null when stuck';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.how_long IS
    'FAILED: how long it ran before failing (to completed_at, else updated_at); STUCK: how long since it started';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.how_long_seconds IS 'how_long in seconds';
COMMENT ON COLUMN upgrade_history.v_failed_upgrade.listed IS 'The API still lists the task';

CREATE VIEW upgrade_history.v_upgrade_monthly AS
SELECT date_trunc('month', created_at_utc)::date AS month, cluster_id, cluster_name,
       count(*) AS started,
       count(*) FILTER (WHERE phase = 'Success') AS succeeded,
       count(*) FILTER (WHERE phase = 'Failed') AS failed,
       count(*) FILTER (WHERE NOT finished) AS unfinished,
       round(count(*) FILTER (WHERE phase = 'Success')::numeric
             / nullif(count(*) FILTER (WHERE phase IN ('Success', 'Failed')), 0), 4) AS success_rate,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds) FILTER (WHERE phase = 'Success')
           AS median_duration_seconds,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_seconds) FILTER (WHERE phase = 'Success')
           AS p95_duration_seconds,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FILTER (WHERE phase = 'Success') AS median_duration,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration) FILTER (WHERE phase = 'Success') AS p95_duration
FROM upgrade_history.v_upgrade
GROUP BY 1, cluster_id, cluster_name;
COMMENT ON VIEW upgrade_history.v_upgrade_monthly IS
    'Per month (UTC, by start) and cluster: upgrades started, succeeded, failed, success rate and durations of the successful ones';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.month IS 'First day of the month (UTC) in which the upgrades started';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.cluster_id IS 'The CCE cluster id';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.cluster_name IS 'The cluster''s latest name (v_cluster), or its id';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.started IS 'Upgrades started in the month';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.succeeded IS 'Of those, phase Success';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.failed IS 'Of those, phase Failed';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.unfinished IS 'Of those, not finished yet (running, paused, stuck)';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.success_rate IS
    'succeeded / (succeeded + failed), 0 to 1; null when none finished either way';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.median_duration_seconds IS 'Median duration of the successful upgrades, seconds (percentile_cont)';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.p95_duration_seconds IS '95th-percentile duration of the successful upgrades, seconds (percentile_cont)';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.median_duration IS 'median_duration_seconds as an interval';
COMMENT ON COLUMN upgrade_history.v_upgrade_monthly.p95_duration IS 'p95_duration_seconds as an interval';

-- Days are UTC days. Today is left out: its archive run may still be to come.
CREATE VIEW upgrade_history.v_archive_coverage AS
SELECT c.cluster_id, c.cluster_name, c.project_id, c.region,
       min(f.fetched_at) AS first_fetch_at,
       min(f.fetched_at) FILTER (WHERE f.outcome = 'OK') AS first_success_at,
       max(f.fetched_at) FILTER (WHERE f.outcome = 'OK') AS last_success_at,
       max(f.fetched_at) FILTER (WHERE f.outcome = 'FAILED') AS last_failure_at,
       (array_agg(f.error_class ORDER BY f.fetched_at DESC) FILTER (WHERE f.outcome = 'FAILED'))[1] AS last_failure_class,
       (array_agg(f.error_message ORDER BY f.fetched_at DESC) FILTER (WHERE f.outcome = 'FAILED'))[1] AS last_failure_message,
       count(*) FILTER (WHERE f.outcome = 'OK') AS successful_fetches,
       count(*) FILTER (WHERE f.outcome = 'FAILED') AS failed_fetches,
       greatest(0, (now() AT TIME ZONE 'UTC')::date - (min(f.fetched_at) AT TIME ZONE 'UTC')::date
                   - count(DISTINCT (f.fetched_at AT TIME ZONE 'UTC')::date)
                         FILTER (WHERE f.outcome = 'OK'
                                 AND (f.fetched_at AT TIME ZONE 'UTC')::date < (now() AT TIME ZONE 'UTC')::date))
           AS days_without_successful_fetch,
       now() - max(f.fetched_at) FILTER (WHERE f.outcome = 'OK') AS since_last_success,
       (SELECT max(gap) FROM (
            SELECT ok.fetched_at - lag(ok.fetched_at) OVER (ORDER BY ok.fetched_at) AS gap
            FROM upgrade_history.cluster_fetch ok
            WHERE ok.cluster_id = c.cluster_id AND ok.outcome = 'OK') gaps) AS longest_gap_between_successes
FROM upgrade_history.v_cluster c
JOIN upgrade_history.cluster_fetch f ON f.cluster_id = c.cluster_id
GROUP BY c.cluster_id, c.cluster_name, c.project_id, c.region;
COMMENT ON VIEW upgrade_history.v_archive_coverage IS
    'Per cluster: its first and last successful fetch, the last failed one, and the days the archive missed (a gap is an audit finding)';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.cluster_id IS 'The CCE cluster id';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.cluster_name IS 'The cluster''s latest name (v_cluster), or its id';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.project_id IS 'Project of the latest fetch';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.region IS 'Region of the latest fetch';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.first_fetch_at IS 'The first time any run tried to fetch the cluster';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.first_success_at IS 'The first successful fetch; null when none succeeded';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.last_success_at IS 'The latest successful fetch; null when none succeeded';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.last_failure_at IS 'The latest failed fetch; null when none failed';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.last_failure_class IS 'error_class of the latest failed fetch (NOT_FOUND, FORBIDDEN, ...)';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.last_failure_message IS 'error_message of the latest failed fetch';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.successful_fetches IS 'Runs that fetched the cluster';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.failed_fetches IS 'Runs that tried and failed to fetch the cluster';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.days_without_successful_fetch IS
    'UTC days from the day of the first fetch to yesterday without a successful fetch: days the archive may have missed changes';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.since_last_success IS 'Time since the latest successful fetch';
COMMENT ON COLUMN upgrade_history.v_archive_coverage.longest_gap_between_successes IS
    'The longest time between two consecutive successful fetches; null with fewer than two';

-- The analysts' read-only role (V3) reads the views too, under V3's condition.
DO $$
BEGIN
    IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_reader') THEN
            CREATE ROLE upgrade_history_reader NOLOGIN;
        END IF;
        GRANT USAGE ON SCHEMA upgrade_history TO upgrade_history_reader;
        GRANT SELECT ON upgrade_history.report_setting, upgrade_history.v_cluster, upgrade_history.v_upgrade,
            upgrade_history.v_cluster_version_history, upgrade_history.v_failed_upgrade,
            upgrade_history.v_upgrade_monthly, upgrade_history.v_archive_coverage TO upgrade_history_reader;
        GRANT EXECUTE ON FUNCTION upgrade_history.version_parts(text) TO upgrade_history_reader;
    ELSE
        RAISE NOTICE 'views not granted to upgrade_history_reader: % may not create roles', current_user;
    END IF;
END
$$;
