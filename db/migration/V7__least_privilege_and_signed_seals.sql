-- Trust nobody (docs/integrity.md, "Who can do what"): daily runs use a login that owns nothing and gets exactly
-- what a run needs through the role upgrade_history_writer; seals carry an Ed25519 signature made outside the
-- database. The migrations run as the owner of the database and the schema (spring.flyway.user); the callback
-- afterMigrate__grant_writer.sql grants this role to the runtime login (spring.datasource.username).

-- A seal's signature (standard base64 of the 64-byte Ed25519 signature) and the signing key's fingerprint
-- (SHA-256, lower-case hex, of the public key's SubjectPublicKeyInfo DER). The key itself never enters the database.
ALTER TABLE upgrade_history.archive_seal
    ADD COLUMN signature       text CHECK (signature ~ '^[A-Za-z0-9+/]{86}==$'),
    ADD COLUMN key_fingerprint text CHECK (key_fingerprint ~ '^[0-9a-f]{64}$'),
    ADD CONSTRAINT archive_seal_signature_names_its_key CHECK ((signature IS NULL) = (key_fingerprint IS NULL));
COMMENT ON COLUMN upgrade_history.archive_seal.signature IS
    'Ed25519 signature (base64) of the seal''s signed message (docs/integrity.md); null when no signing key was configured';
COMMENT ON COLUMN upgrade_history.archive_seal.key_fingerprint IS
    'SHA-256 (hex) of the signing key''s public key in SubjectPublicKeyInfo DER form; null when unsigned';

-- The writer: what an archive run needs, nothing more. Every table of the schema that exists now (V6 included) is
-- readable and insertable; the history (revisions, seals, quarantine) is never updated, and no table is deleted
-- from or truncated. The writer owns nothing, so it can neither disable a trigger nor replace a function, and it may
-- create nothing in the schema. A later migration that adds a table grants this role what that table needs.
DO $$
DECLARE
    archive_table regclass;
BEGIN
    IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        RAISE NOTICE 'role upgrade_history_writer not created: % may not create roles (one login owns and writes the archive)',
            current_user;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_writer') THEN
        CREATE ROLE upgrade_history_writer NOLOGIN;
    END IF;
    GRANT USAGE ON SCHEMA upgrade_history TO upgrade_history_writer;
    REVOKE CREATE ON SCHEMA upgrade_history FROM PUBLIC;
    FOR archive_table IN
        SELECT c.oid FROM pg_class c
        WHERE c.relnamespace = 'upgrade_history'::regnamespace AND c.relkind IN ('r', 'p', 'v')
    LOOP
        EXECUTE format('GRANT SELECT ON %s TO upgrade_history_writer', archive_table);
    END LOOP;
    FOR archive_table IN
        SELECT c.oid FROM pg_class c
        WHERE c.relnamespace = 'upgrade_history'::regnamespace AND c.relkind IN ('r', 'p')
          AND c.relname <> 'report_setting'
    LOOP
        EXECUTE format('GRANT INSERT, UPDATE ON %s TO upgrade_history_writer', archive_table);
    END LOOP;
    REVOKE UPDATE, DELETE, TRUNCATE ON upgrade_history.upgrade_task_revision, upgrade_history.archive_seal,
        upgrade_history.rejected_task FROM upgrade_history_writer;
    -- Identity columns draw from these; the sealer draws its seal's id first, to sign it.
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA upgrade_history TO upgrade_history_writer;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA upgrade_history TO upgrade_history_writer;
    -- Spring Batch's job repository (V1, in the schema Flyway created it in).
    GRANT SELECT, INSERT, UPDATE ON batch_job_instance, batch_job_execution, batch_job_execution_params,
        batch_step_execution, batch_step_execution_context, batch_job_execution_context TO upgrade_history_writer;
    GRANT USAGE ON SEQUENCE batch_job_instance_seq, batch_job_execution_seq, batch_step_execution_seq
        TO upgrade_history_writer;
END
$$;

-- A login that only runs or verifies the archive starts the application too: Flyway then reads its history and finds
-- nothing to do. (Pending migrations still need the owner.)
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_writer') THEN
        GRANT SELECT ON ${flyway:defaultSchema}.${flyway:table} TO upgrade_history_writer;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_reader')
       AND (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        GRANT SELECT ON ${flyway:defaultSchema}.${flyway:table} TO upgrade_history_reader;
    END IF;
END
$$;
