package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.config.ArchiverProperties.IntegrityProperties;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the revisions added since the previous seal (of tasks and of evidence, which share one id sequence),
 * chaining the new seal to it. Every run seals, even one that
 * added nothing, so a missing run shows as a gap in the chain. The digest is computed here, in Java, from the
 * stored content hashes (nothing of the archive's schema is trusted to hash), signed with the signing key when one
 * is configured, and, once committed, handed to the outside witness. A witness that cannot record the seal loses
 * nothing of the archive: the seal is committed; the failure is returned for the run to report.
 */
public class ArchiveSealer {

    private static final String PREVIOUS = """
            SELECT digest, last_revision_id FROM upgrade_history.archive_seal ORDER BY seal_id DESC LIMIT 1""";

    // The seal's id is drawn first: the signed message names it.
    private static final String NEXT_SEAL_ID =
            "SELECT nextval(pg_get_serial_sequence('upgrade_history.archive_seal', 'seal_id'))";

    // Task and evidence revisions draw their ids from one sequence: a seal covers both, in revision_id order.
    private static final String COVERED = """
            SELECT count(*) AS revisions, min(revision_id) AS first_id, max(revision_id) AS last_id
            FROM (SELECT revision_id FROM upgrade_history.upgrade_task_revision WHERE revision_id > :after
                  UNION ALL
                  SELECT revision_id FROM upgrade_history.evidence_revision WHERE revision_id > :after) r""";

    private static final String HASHES = """
            SELECT content_hash FROM (
                SELECT revision_id, content_hash FROM upgrade_history.upgrade_task_revision
                WHERE revision_id > :after AND revision_id <= :last
                UNION ALL
                SELECT revision_id, content_hash FROM upgrade_history.evidence_revision
                WHERE revision_id > :after AND revision_id <= :last) r
            ORDER BY revision_id""";

    private static final String INSERT = """
            INSERT INTO upgrade_history.archive_seal
                (seal_id, run_id, sealed_at, first_revision_id, last_revision_id, revision_count, previous_digest,
                 digest, signature, key_fingerprint)
            OVERRIDING SYSTEM VALUE
            VALUES (:sealId, :run, :sealedAt, :first, :last, :revisions, :previous, :digest, :signature, :fingerprint)""";

    // Two seals computed at once would both chain to the same predecessor: the chain would fork. Exclusive: it also
    // waits for every transaction still adding revisions (see WRITING), whose ids it would otherwise pass over.
    private static final String SERIALIZE_SEALS = "SELECT pg_advisory_xact_lock(hashtext('upgrade_history.archive_seal'))";

    /**
     * Taken by every transaction that adds revisions, before it draws their ids: a seal waits for such
     * transactions to end, and they wait for a seal. Otherwise a seal made while another run writes (after the
     * archive lock's connection was lost) could record ids above some not yet committed, and leave those out.
     */
    public static final String WRITING = "SELECT pg_advisory_xact_lock_shared(hashtext('upgrade_history.archive_seal'))";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final IntegrityProperties integrity;
    private @Nullable SealSigner signer;
    private boolean ready;

    public ArchiveSealer(DataSource dataSource, PlatformTransactionManager transactionManager, IntegrityProperties integrity) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(1_000); // a backfill seals hundreds of thousands of revisions: stream their hashes
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.transactions = new TransactionTemplate(transactionManager);
        this.integrity = integrity;
    }

    /**
     * Reads the signing key and checks that the witness directory can be written: a run calls this before it
     * writes anything, so that a bad key file or witness directory fails it with exit 2, not after the fetch.
     */
    public void requireReady() {
        if (ready) {
            return;
        }
        signer = integrity.signingKey() == null ? null : SealSigner.load(integrity.signingKey());
        Path witness = integrity.witnessDir();
        if (witness != null && !(Files.isDirectory(witness) && Files.isWritable(witness))) {
            throw new InvalidConfigurationException(SealWitness.KEY, witness
                    + (Files.isDirectory(witness) ? " cannot be written by this process" : " is not a directory"));
        }
        ready = true;
    }

    public Seal seal(long runId, Instant now) {
        requireReady();
        Instant sealedAt = now.truncatedTo(ChronoUnit.MICROS);
        Sealed sealed = Objects.requireNonNull(transactions.execute(status -> insertSeal(runId, sealedAt)));
        SealHead head = sealed.head();
        Path witnessDir = integrity.witnessDir();
        String witnessFailure = witnessDir == null ? null : witness(new SealWitness(witnessDir), head);
        return new Seal(head.sealId(), sealed.revisions(), head.digest(), head.keyFingerprint(), witnessFailure);
    }

    private record Sealed(SealHead head, long revisions) {
    }

    /** The head seal's digest and last revision (the genesis digest and 0 before the first seal). */
    private record Previous(String digest, long lastRevisionId) {
    }

    /** The revisions after the previous seal: how many, and the first and last id ({@code null} when none). */
    private record Covered(long revisions, @Nullable Long first, @Nullable Long last) {
    }

    private Sealed insertSeal(long runId, Instant sealedAt) {
        jdbc.getJdbcTemplate().queryForList(SERIALIZE_SEALS);
        Previous previous = Objects.requireNonNull(jdbc.getJdbcTemplate().query(PREVIOUS, rs -> rs.next()
                ? new Previous(rs.getString("digest"), rs.getLong("last_revision_id"))
                : new Previous(SealDigest.GENESIS, 0)));
        long after = previous.lastRevisionId();
        long sealId = jdbc.getJdbcTemplate().queryForObject(NEXT_SEAL_ID, Long.class);
        Covered covered = jdbc.queryForObject(COVERED, Map.of("after", after), (rs, row) -> new Covered(
                rs.getLong("revisions"), rs.getObject("first_id", Long.class), rs.getObject("last_id", Long.class)));
        long revisions = covered.revisions();
        Long first = covered.first();
        long last = covered.last() == null ? after : covered.last();
        SealDigest digest = new SealDigest(previous.digest(), runId, sealedAt, last, revisions);
        jdbc.query(HASHES, Map.of("after", after, "last", last), (RowCallbackHandler) rs -> digest.add(rs.getString(1)));
        SealHead head = new SealHead(sealId, runId, sealedAt, digest.hex(), null, null);
        if (signer != null) {
            head = head.signedBy(signer);
        }
        jdbc.update(INSERT, new MapSqlParameterSource()
                .addValue("sealId", sealId)
                .addValue("run", runId)
                .addValue("sealedAt", Timestamp.from(sealedAt))
                .addValue("first", first, Types.BIGINT)
                .addValue("last", last)
                .addValue("revisions", revisions)
                .addValue("previous", previous.digest())
                .addValue("digest", head.digest())
                .addValue("signature", head.signature(), Types.VARCHAR)
                .addValue("fingerprint", head.keyFingerprint(), Types.VARCHAR));
        return new Sealed(head, revisions);
    }

    private static @Nullable String witness(SealWitness witness, SealHead head) {
        try {
            witness.record(head);
            return null;
        } catch (FileAlreadyExistsException e) {
            return "the witness in " + witness.directory() + " already holds " + SealWitness.fileName(head.sealId())
                    + ": the chain was rolled back to before a witnessed seal, or two archives share the witness directory";
        } catch (IOException | RuntimeException e) {
            return "cannot write " + witness.directory().resolve(SealWitness.fileName(head.sealId())) + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
    }
}
