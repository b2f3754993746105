package io.github.cceupgradearchiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Empties the archive and Spring Batch's metadata between tests that share this run's database. */
public final class ArchiveDatabase {

    // The archive's tables are append-only for every role; only replica mode (superuser) skips their triggers.
    // Before the first migration there is nothing to empty.
    private static final String RESET = """
            DO $$
            BEGIN
                IF to_regclass('upgrade_history.upgrade_task') IS NOT NULL THEN
                    PERFORM set_config('session_replication_role', 'replica', true);
                    TRUNCATE upgrade_history.archive_seal, upgrade_history.upgrade_task_revision,
                             upgrade_history.rejected_task, upgrade_history.upgrade_task,
                             upgrade_history.cluster_fetch, upgrade_history.cluster_response, upgrade_history.archive_run,
                             batch_step_execution_context, batch_job_execution_context, batch_step_execution,
                             batch_job_execution_params, batch_job_execution, batch_job_instance
                    RESTART IDENTITY CASCADE;
                END IF;
            END
            $$
            """;

    private ArchiveDatabase() {
    }

    /**
     * Asserts that PostgreSQL refuses {@code statement} for lack of privilege (SQLSTATE 42501, which the append-only
     * triggers raise too) with {@code refusal} in its message, in a transaction rolled back afterwards: should it be
     * allowed after all, the archive stays as it was.
     */
    public static void assertRefused(Connection connection, String statement, String refusal) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement sql = connection.createStatement()) {
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> sql.execute(statement))
                    .withMessageContaining(refusal)
                    .satisfies(e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        } finally {
            connection.rollback();
        }
    }

    public static void reset() {
        try (Connection connection = TestPostgres.connect();
             Statement statement = connection.createStatement()) {
            statement.execute(RESET);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database: " + e.getMessage(), e);
        }
    }
}
