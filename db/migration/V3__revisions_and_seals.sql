-- Audit-grade history: every distinct observed state of a task (append-only), sealed run by run in a
-- hash chain. docs/integrity.md explains the formulas and how an auditor recomputes them with SQL.

CREATE TABLE upgrade_history.upgrade_task_revision (
    revision_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    project_id   text        NOT NULL,
    cluster_id   text        NOT NULL,
    task_id      text        NOT NULL,
    observed_at  timestamptz NOT NULL,
    phase        text,
    raw          jsonb       NOT NULL,
    content_hash text        NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$')
);
COMMENT ON TABLE upgrade_history.upgrade_task_revision IS
    'Every distinct state a task was observed in, append-only; upgrade_task holds the latest of each task';
COMMENT ON COLUMN upgrade_history.upgrade_task_revision.observed_at IS 'When the run fetched this state';
COMMENT ON COLUMN upgrade_history.upgrade_task_revision.content_hash IS
    'SHA-256 (hex) of upgrade_history.revision_canonical_form(...) of this row: see docs/integrity.md';
CREATE INDEX upgrade_task_revision_task_idx ON upgrade_history.upgrade_task_revision (cluster_id, task_id, revision_id);

CREATE TABLE upgrade_history.archive_seal (
    seal_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id            bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    sealed_at         timestamptz NOT NULL,
    first_revision_id bigint,
    last_revision_id  bigint      NOT NULL,
    revision_count    bigint      NOT NULL,
    previous_digest   text        NOT NULL CHECK (previous_digest ~ '^[0-9a-f]{64}$'),
    digest            text        NOT NULL UNIQUE CHECK (digest ~ '^[0-9a-f]{64}$')
);
COMMENT ON TABLE upgrade_history.archive_seal IS
    'One seal per run: the revisions added since the previous seal, chained by digest (see docs/integrity.md)';
COMMENT ON COLUMN upgrade_history.archive_seal.last_revision_id IS
    'The seal covers revisions with previous seal''s last_revision_id < revision_id <= last_revision_id';
COMMENT ON COLUMN upgrade_history.archive_seal.previous_digest IS 'digest of the previous seal; 64 zeros for the first';

-- The canonical form is defined once, here, so the archiver, verify and an auditor's SQL all hash the same text:
-- PostgreSQL's jsonb rendering (keys sorted, fixed separators) of the revision's fields.
CREATE FUNCTION upgrade_history.revision_canonical_form(
    run_id bigint, project_id text, cluster_id text, task_id text, observed_at timestamptz, phase text, raw jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object(
        'run_id', run_id, 'project_id', project_id, 'cluster_id', cluster_id, 'task_id', task_id,
        'observed_at', to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'phase', phase, 'raw', raw)::text
$$;

CREATE FUNCTION upgrade_history.sha256_hex(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')
$$;

-- A seal's digest chains it to the previous seal and covers, in revision_id order, the content hashes of
-- the revisions it seals, each followed by a newline.
CREATE FUNCTION upgrade_history.seal_digest(
    previous_digest text, run_id bigint, sealed_at timestamptz, last_revision_id bigint, revision_count bigint,
    content_hashes text)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT upgrade_history.sha256_hex(concat_ws(E'\n',
        previous_digest, run_id, to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        last_revision_id, revision_count, content_hashes))
$$;

-- Append-only, for every role: the archive's history is never rewritten in place.
CREATE FUNCTION upgrade_history.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'upgrade_history.% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'The archive keeps every observed state; corrections are new revisions, never edits.';
END
$$;

CREATE TRIGGER upgrade_task_revision_append_only BEFORE UPDATE OR DELETE ON upgrade_history.upgrade_task_revision
    FOR EACH ROW EXECUTE FUNCTION upgrade_history.reject_change();
CREATE TRIGGER upgrade_task_revision_no_truncate BEFORE TRUNCATE ON upgrade_history.upgrade_task_revision
    FOR EACH STATEMENT EXECUTE FUNCTION upgrade_history.reject_change();
CREATE TRIGGER archive_seal_append_only BEFORE UPDATE OR DELETE ON upgrade_history.archive_seal
    FOR EACH ROW EXECUTE FUNCTION upgrade_history.reject_change();
CREATE TRIGGER archive_seal_no_truncate BEFORE TRUNCATE ON upgrade_history.archive_seal
    FOR EACH STATEMENT EXECUTE FUNCTION upgrade_history.reject_change();
CREATE TRIGGER rejected_task_append_only BEFORE UPDATE OR DELETE ON upgrade_history.rejected_task
    FOR EACH ROW EXECUTE FUNCTION upgrade_history.reject_change();
CREATE TRIGGER rejected_task_no_truncate BEFORE TRUNCATE ON upgrade_history.rejected_task
    FOR EACH STATEMENT EXECUTE FUNCTION upgrade_history.reject_change();

-- A read-only role for analysts, where the migrating user may create roles (roles are cluster-wide).
DO $$
BEGIN
    IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_reader') THEN
            CREATE ROLE upgrade_history_reader NOLOGIN;
        END IF;
        GRANT USAGE ON SCHEMA upgrade_history TO upgrade_history_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA upgrade_history TO upgrade_history_reader;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA upgrade_history TO upgrade_history_reader;
        ALTER DEFAULT PRIVILEGES IN SCHEMA upgrade_history GRANT SELECT ON TABLES TO upgrade_history_reader;
    ELSE
        RAISE NOTICE 'role upgrade_history_reader not created: % may not create roles', current_user;
    END IF;
END
$$;
