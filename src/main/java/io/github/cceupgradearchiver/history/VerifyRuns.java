package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.text.Failures;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records each verify run in {@code upgrade_history.verify_run} (V10) for dashboards. Only after the verdict, in a
 * transaction of its own, and never changing it: a login that may not insert (the reader role) or a database that
 * refuses the row leaves the verdict as it is, and the failure is returned for one line in the log.
 */
public class VerifyRuns {

    private static final String INSERT = """
            INSERT INTO upgrade_history.verify_run (finished_at, verdict, head_digest, revisions, seals, tasks, unsealed,
                                                    damage, signatures_checked, witness_checked)
            VALUES (:finishedAt, :verdict, :headDigest, :revisions, :seals, :tasks, :unsealed, :damage,
                    :signaturesChecked, :witnessChecked)""";

    private final JdbcClient jdbc;
    private final Clock clock;

    public VerifyRuns(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the verdict; empty when recorded, else why not. */
    public Optional<String> record(Verification verification) {
        try {
            jdbc.sql(INSERT)
                    .param("finishedAt", Timestamp.from(clock.instant()))
                    .param("verdict", verification.intact() ? "INTACT" : "ALTERED")
                    .param("headDigest", verification.headDigest().matches("[0-9a-f]{64}") ? verification.headDigest() : null,
                            Types.VARCHAR)
                    .param("revisions", verification.revisions())
                    .param("seals", verification.seals())
                    .param("tasks", verification.tasks())
                    .param("unsealed", verification.unsealed())
                    .param("damage", verification.damage(), Types.VARCHAR)
                    .param("signaturesChecked", verification.signaturesChecked())
                    .param("witnessChecked", verification.witnessChecked())
                    .update();
            return Optional.empty();
        } catch (DataAccessException e) {
            return Optional.of(Failures.describe(e));
        }
    }
}
