-- Issue #14: many accounts. Every fetch records the account whose keys signed it ('default': CLOUD_SDK_AK/SK or
-- the SDK's chain), and every run the accounts it covers, so that the runs of separate configurations (one CronJob
-- per account, say) never continue, and so never hide, each other. No new table: the writer's grants of V7 cover
-- the new columns.
ALTER TABLE upgrade_history.cluster_fetch ADD COLUMN account text NOT NULL DEFAULT 'default';
COMMENT ON COLUMN upgrade_history.cluster_fetch.account IS
    'The account of archiver.accounts whose keys signed the fetch; default: the default credentials';
COMMENT ON COLUMN upgrade_history.cluster_fetch.error_class IS
    'NOT_FOUND, FORBIDDEN, THROTTLED, SERVER_ERROR, CLIENT_ERROR, BAD_RESPONSE, NETWORK, TLS (the server''s certificate '
    'is not trusted) or UNSTORABLE (PostgreSQL refused the data the API answered; none of it was written), when outcome = FAILED';

ALTER TABLE upgrade_history.archive_run ADD COLUMN scope text NOT NULL DEFAULT 'default';
COMMENT ON COLUMN upgrade_history.archive_run.scope IS
    'The accounts the run''s configuration archives, sorted and comma-separated; an unfinished run is continued only '
    'by a run of the same scope';
CREATE INDEX archive_run_scope_idx ON upgrade_history.archive_run (scope, run_id);
