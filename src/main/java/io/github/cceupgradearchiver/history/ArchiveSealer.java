package io.github.cceupgradearchiver.history;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the revisions added since the previous seal, chaining the new seal to it. Every run seals, even
 * one that added nothing, so a missing run shows as a gap in the chain. The digest is computed by the
 * database with the same function verify and auditors use.
 */
public class ArchiveSealer {

    private static final String SEAL = """
            WITH previous AS (
                SELECT digest, last_revision_id FROM upgrade_history.archive_seal ORDER BY seal_id DESC LIMIT 1
            ), bounds AS (
                SELECT coalesce((SELECT digest FROM previous), repeat('0', 64)) AS previous_digest,
                       coalesce((SELECT last_revision_id FROM previous), 0) AS after_id
            ), covered AS (
                SELECT b.previous_digest, b.after_id, min(r.revision_id) AS first_id, max(r.revision_id) AS last_id,
                       count(r.revision_id) AS revisions,
                       coalesce(string_agg(r.content_hash || E'\\n', '' ORDER BY r.revision_id), '') AS hashes
                FROM bounds b
                LEFT JOIN upgrade_history.upgrade_task_revision r ON r.revision_id > b.after_id
                GROUP BY b.previous_digest, b.after_id
            )
            INSERT INTO upgrade_history.archive_seal
                (run_id, sealed_at, first_revision_id, last_revision_id, revision_count, previous_digest, digest)
            SELECT :run, :sealedAt, first_id, coalesce(last_id, after_id), revisions, previous_digest,
                   upgrade_history.seal_digest(previous_digest, :run, :sealedAt, coalesce(last_id, after_id),
                                               revisions, hashes)
            FROM covered
            RETURNING seal_id, revision_count, digest
            """;

    // Two seals computed at once would both chain to the same predecessor: the chain would fork.
    private static final String SERIALIZE_SEALS = "SELECT pg_advisory_xact_lock(hashtext('upgrade_history.archive_seal'))";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public ArchiveSealer(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    public Seal seal(long runId, Instant now) {
        return transactions.execute(status -> {
            jdbc.sql(SERIALIZE_SEALS).query().singleRow();
            return jdbc.sql(SEAL)
                    .param("run", runId)
                    .param("sealedAt", Timestamp.from(now))
                    .query((rs, row) -> new Seal(rs.getLong("seal_id"), rs.getLong("revision_count"), rs.getString("digest")))
                    .single();
        });
    }
}
