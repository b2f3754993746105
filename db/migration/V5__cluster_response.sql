-- The task-list response each cluster's tasks were last archived from. A run that receives the same response
-- again (the usual case from one day to the next) needs neither to parse it nor to write anything but its
-- cluster_fetch row: an unchanged run costs about what fetching costs (docs/benchmarks.md).
CREATE TABLE upgrade_history.cluster_response (
    cluster_id     text    PRIMARY KEY,
    project_id     text    NOT NULL,
    body_sha256    text    NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
    tasks_seen     integer NOT NULL,
    tasks_rejected integer NOT NULL,
    run_id         bigint  NOT NULL REFERENCES upgrade_history.archive_run
);
COMMENT ON TABLE upgrade_history.cluster_response IS
    'Per cluster, the response its tasks were last archived from: the same response again is not parsed again';
COMMENT ON COLUMN upgrade_history.cluster_response.body_sha256 IS 'SHA-256 (hex) of the response body as UTF-8';
COMMENT ON COLUMN upgrade_history.cluster_response.run_id IS 'The run that archived this response';

-- V3's default privileges cover this table only when V5 runs as the role that ran V3; say it outright.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_reader') THEN
        GRANT SELECT ON upgrade_history.cluster_response TO upgrade_history_reader;
    END IF;
END
$$;
