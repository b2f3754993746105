-- Each run of verify, for dashboards and alerts: the verdict, the head digest and the counts it printed. A record
-- only: verify's verdict never depends on this table (the schema's owner could write anything here), and a verify
-- that may not insert (an auditor's read-only login) still exits with its verdict.

CREATE TABLE upgrade_history.verify_run (
    verify_run_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    finished_at        timestamptz NOT NULL,
    verdict            text        NOT NULL CHECK (verdict IN ('INTACT', 'ALTERED')),
    head_digest        text,
    revisions          bigint      NOT NULL,
    seals              bigint      NOT NULL,
    tasks              bigint      NOT NULL,
    unsealed           bigint      NOT NULL,
    damage             text,
    signatures_checked boolean     NOT NULL,
    witness_checked    boolean     NOT NULL,
    verified_by        text        NOT NULL DEFAULT current_user
);
COMMENT ON TABLE upgrade_history.verify_run IS
    'One row per verify run that could record itself: its verdict, head digest and counts (a record, not evidence)';
COMMENT ON COLUMN upgrade_history.verify_run.verdict IS 'INTACT (exit 0) or ALTERED (exit 5)';
COMMENT ON COLUMN upgrade_history.verify_run.head_digest IS 'Digest of the newest seal verify read; null when it read none';
COMMENT ON COLUMN upgrade_history.verify_run.damage IS 'The first damage verify named; null when intact';
COMMENT ON COLUMN upgrade_history.verify_run.verified_by IS 'The login verify ran as';
CREATE INDEX verify_run_finished_idx ON upgrade_history.verify_run (finished_at);

CREATE TRIGGER verify_run_append_only BEFORE UPDATE OR DELETE ON upgrade_history.verify_run
    FOR EACH ROW EXECUTE FUNCTION upgrade_history.reject_change();

-- The writer records (a daily run's login usually runs verify too); the reader reads it for Grafana.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_writer') THEN
        GRANT SELECT, INSERT ON upgrade_history.verify_run TO upgrade_history_writer;
        GRANT USAGE ON SEQUENCE upgrade_history.verify_run_verify_run_id_seq TO upgrade_history_writer;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_reader') THEN
        GRANT SELECT ON upgrade_history.verify_run TO upgrade_history_reader;
    END IF;
END
$$;
