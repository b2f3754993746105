-- Issue #11: a cluster whose data PostgreSQL refuses fails alone, recorded with error_class UNSTORABLE.
-- No new table or column: the comment analysts read says what the class means.
COMMENT ON COLUMN upgrade_history.cluster_fetch.error_class IS
    'NOT_FOUND, FORBIDDEN, THROTTLED, SERVER_ERROR, CLIENT_ERROR, BAD_RESPONSE or NETWORK (how the API call failed), '
    'or UNSTORABLE (PostgreSQL refused the data the API answered; none of it was written), when outcome = FAILED';
COMMENT ON TABLE upgrade_history.rejected_task IS
    'Items quarantined because they could not be archived (unreadable, beyond what PostgreSQL stores, or with an '
    'updateTimestamp beyond archiver.max-clock-skew); each distinct item once, with the run that first saw it';
