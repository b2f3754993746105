package io.github.cceupgradearchiver.testsupport;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Empties the archive and Spring Batch's metadata between tests that share this run's database. */
public final class ArchiveDatabase {

    private ArchiveDatabase() {
    }

    public static void reset(JdbcClient jdbc) {
        // The archive's tables are append-only for every role; only replica mode (superuser) skips the triggers.
        jdbc.sql("""
                SET session_replication_role = replica;
                TRUNCATE upgrade_history.archive_seal, upgrade_history.upgrade_task_revision, upgrade_history.rejected_task, upgrade_history.upgrade_task, upgrade_history.cluster_fetch,
                         upgrade_history.archive_run,
                         batch_step_execution_context, batch_job_execution_context, batch_step_execution,
                         batch_job_execution_params, batch_job_execution, batch_job_instance
                RESTART IDENTITY CASCADE;
                SET session_replication_role = origin;
                """).update();
    }
}
