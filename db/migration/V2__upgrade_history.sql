-- The archive analysts query. Names are a contract (SPEC.md); add columns, never rename.
CREATE SCHEMA upgrade_history;
COMMENT ON SCHEMA upgrade_history IS 'Upgrade-task history of CCE Autopilot clusters, archived by cce-upgrade-archiver';

CREATE TABLE upgrade_history.archive_run (
    run_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_instance_id bigint,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    status          text        NOT NULL
        CHECK (status IN ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'STOPPED')),
    clusters_total  integer     NOT NULL DEFAULT 0,
    clusters_failed integer     NOT NULL DEFAULT 0,
    tasks_seen      integer     NOT NULL DEFAULT 0,
    tasks_inserted  integer     NOT NULL DEFAULT 0,
    tasks_changed   integer     NOT NULL DEFAULT 0,
    tasks_rejected  integer     NOT NULL DEFAULT 0,
    tasks_delisted  integer     NOT NULL DEFAULT 0
);
COMMENT ON TABLE upgrade_history.archive_run IS 'One row per run of the archive command';
COMMENT ON COLUMN upgrade_history.archive_run.status IS
    'RUNNING, SUCCEEDED (every cluster fetched), PARTIAL (some clusters failed), FAILED, STOPPED';
COMMENT ON COLUMN upgrade_history.archive_run.tasks_changed IS 'Known tasks whose state differed from the archived one';

CREATE TABLE upgrade_history.cluster_fetch (
    run_id          bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    project_id      text        NOT NULL,
    region          text        NOT NULL,
    cluster_id      text        NOT NULL,
    cluster_name    text,
    fetched_at      timestamptz NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('OK', 'FAILED')),
    http_status     integer,
    attempts        integer     NOT NULL DEFAULT 1,
    error_class     text,
    error_code      text,
    error_message   text,
    tasks_seen      integer     NOT NULL DEFAULT 0,
    tasks_inserted  integer     NOT NULL DEFAULT 0,
    tasks_changed   integer     NOT NULL DEFAULT 0,
    tasks_rejected  integer     NOT NULL DEFAULT 0,
    tasks_delisted  integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, cluster_id)
);
COMMENT ON TABLE upgrade_history.cluster_fetch IS 'One row per cluster and run: whether its task list was fetched and what it brought';
COMMENT ON COLUMN upgrade_history.cluster_fetch.error_class IS
    'NOT_FOUND, FORBIDDEN, THROTTLED, SERVER_ERROR, CLIENT_ERROR, BAD_RESPONSE or NETWORK when outcome = FAILED';
COMMENT ON COLUMN upgrade_history.cluster_fetch.attempts IS 'Calls made, retries included';
CREATE INDEX cluster_fetch_cluster_idx ON upgrade_history.cluster_fetch (cluster_id, fetched_at);

CREATE TABLE upgrade_history.upgrade_task (
    project_id       text        NOT NULL,
    cluster_id       text        NOT NULL,
    task_id          text        NOT NULL,
    source_version   text,
    target_version   text,
    phase            text,
    progress         text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz,
    completed_at     timestamptz,
    duration_seconds numeric,
    raw              jsonb       NOT NULL,
    first_seen_at    timestamptz NOT NULL,
    last_changed_at  timestamptz NOT NULL,
    last_run_id      bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    delisted_at      timestamptz,
    PRIMARY KEY (cluster_id, task_id)
);
COMMENT ON TABLE upgrade_history.upgrade_task IS 'One row per upgrade task: its latest known state';
COMMENT ON COLUMN upgrade_history.upgrade_task.task_id IS 'metadata.uid of the task';
COMMENT ON COLUMN upgrade_history.upgrade_task.progress IS 'status.progress as received (a string in the API model)';
COMMENT ON COLUMN upgrade_history.upgrade_task.created_at IS 'metadata.creationTimestamp, to the microsecond';
COMMENT ON COLUMN upgrade_history.upgrade_task.updated_at IS 'metadata.updateTimestamp, to the microsecond';
COMMENT ON COLUMN upgrade_history.upgrade_task.completed_at IS 'status.completionTime; null while the task has not completed';
COMMENT ON COLUMN upgrade_history.upgrade_task.duration_seconds IS 'completed_at - created_at in seconds, microsecond precision';
COMMENT ON COLUMN upgrade_history.upgrade_task.raw IS 'The item exactly as the API listed it, unknown fields included';
COMMENT ON COLUMN upgrade_history.upgrade_task.last_changed_at IS 'When the archive last recorded a new state of this task';
COMMENT ON COLUMN upgrade_history.upgrade_task.delisted_at IS 'Set when the API stopped listing the task; the row stays';
CREATE INDEX upgrade_task_created_idx ON upgrade_history.upgrade_task (created_at);

CREATE TABLE upgrade_history.rejected_task (
    rejected_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    project_id   text        NOT NULL,
    cluster_id   text        NOT NULL,
    task_id      text,
    reason       text        NOT NULL,
    raw_text     text        NOT NULL,
    rejected_at  timestamptz NOT NULL,
    raw_sha256   text        NOT NULL,
    UNIQUE (cluster_id, raw_sha256)
);
COMMENT ON TABLE upgrade_history.rejected_task IS
    'Items quarantined because they could not be archived; each distinct item once, with the run that first saw it';
COMMENT ON COLUMN upgrade_history.rejected_task.raw_sha256 IS 'SHA-256 (hex) of raw_text in UTF-8: one row per distinct item and cluster';
