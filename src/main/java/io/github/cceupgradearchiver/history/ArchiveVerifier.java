package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.cce.ApiJson;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.config.ArchiverProperties.IntegrityProperties;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-checks the whole archive, trusting nothing its schema's owner could replace: first the archive's definitions
 * in {@code pg_catalog} ({@link ArchiveDefinitions}), then every revision's content hash recomputed with
 * {@code pg_catalog} built-ins only, every seal's digest recomputed in Java ({@link SealDigest}), its count and its
 * link to its predecessor, every signature with the configured public keys, the chain against the outside witness,
 * every finished run against its seal, every {@code upgrade_task} row against its latest revision, and every evidence
 * object's latest state against its latest revision ({@link EvidenceCheck}). The session
 * resolves names in {@code pg_catalog} alone and names every table with its schema; no function of the archive's
 * schema runs. Reads stream through cursors, so the archive's size does not matter to memory. It runs in one
 * repeatable-read snapshot, so a concurrent run cannot make it see half a chunk.
 */
public class ArchiveVerifier {

    // Names resolve in pg_catalog only: no function, operator or type of anyone's schema can stand in for a built-in.
    private static final String TRUSTED_NAMES = "SET LOCAL search_path = pg_catalog, pg_temp";

    /** docs/integrity.md, "The canonical form of a revision", with pg_catalog's built-ins only. */
    static final String CONTENT_HASH = """
            pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_object(
                'run_id', r.run_id, 'project_id', r.project_id, 'cluster_id', r.cluster_id, 'task_id', r.task_id,
                'observed_at', pg_catalog.to_char(r.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'phase', r.phase, 'raw', r.raw)::pg_catalog.text, 'UTF8')), 'hex')""";

    /** docs/integrity.md, "The canonical form of an evidence revision", with pg_catalog's built-ins only. */
    static final String EVIDENCE_CONTENT_HASH = """
            pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_object(
                'kind', r.kind, 'run_id', r.run_id, 'project_id', r.project_id, 'cluster_id', r.cluster_id,
                'object_id', r.object_id,
                'observed_at', pg_catalog.to_char(r.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'raw', r.raw)::pg_catalog.text, 'UTF8')), 'hex')""";

    private static final String FIRST_BAD_EVIDENCE_REVISION = """
            SELECT r.revision_id, r.cluster_id, r.kind || ' ' || r.object_id FROM upgrade_history.evidence_revision r
            WHERE r.content_hash IS DISTINCT FROM %s
            ORDER BY r.revision_id LIMIT 1
            """.formatted(EVIDENCE_CONTENT_HASH);

    // Both tables draw from one sequence; an id in both (inserted by hand) would make the sealed order ambiguous.
    private static final String SHARED_REVISION_ID = """
            SELECT r.revision_id, r.cluster_id, r.task_id FROM upgrade_history.upgrade_task_revision r
            WHERE EXISTS (SELECT FROM upgrade_history.evidence_revision e WHERE e.revision_id = r.revision_id)
            ORDER BY r.revision_id LIMIT 1
            """;

    // Seal ranges start above 0 (identity and sequence start at 1, and V11 checks it): a revision below would be
    // outside every seal's range and below the count of unsealed ones, so it is damage, whoever could insert it.
    private static final String BELOW_EVERY_SEAL = """
            SELECT revision_id, cluster_id, task_id FROM (
                SELECT r.revision_id, r.cluster_id, r.task_id FROM upgrade_history.upgrade_task_revision r
                WHERE r.revision_id < 1
                UNION ALL
                SELECT e.revision_id, e.cluster_id, e.kind || ' ' || e.object_id FROM upgrade_history.evidence_revision e
                WHERE e.revision_id < 1) below
            ORDER BY revision_id LIMIT 1
            """;

    private static final String FIRST_BAD_REVISION = """
            SELECT r.revision_id, r.cluster_id, r.task_id FROM upgrade_history.upgrade_task_revision r
            WHERE r.content_hash IS DISTINCT FROM %s
            ORDER BY r.revision_id LIMIT 1
            """.formatted(CONTENT_HASH);

    // Each seal with the content hashes of the revisions in its range, in order: one cursor for the whole chain.
    private static final String CHAIN = """
            WITH chain AS (
                SELECT s.*, coalesce(lag(s.last_revision_id) OVER w, 0) AS after_id, lag(s.seal_id) OVER w AS previous_seal
                FROM upgrade_history.archive_seal s WINDOW w AS (ORDER BY s.seal_id)
            )
            SELECT c.seal_id, c.run_id, c.sealed_at, c.previous_seal, c.previous_digest, c.digest, c.after_id,
                   c.last_revision_id, c.revision_count, c.signature, c.key_fingerprint, r.content_hash
            FROM chain c
            LEFT JOIN (SELECT revision_id, content_hash FROM upgrade_history.upgrade_task_revision
                       UNION ALL
                       SELECT revision_id, content_hash FROM upgrade_history.evidence_revision) r
                   ON r.revision_id > c.after_id AND r.revision_id <= c.last_revision_id
            ORDER BY c.seal_id, r.revision_id
            """;

    private static final String TASKS_AGAINST_LATEST_REVISION = """
            SELECT t.cluster_id, t.task_id, t.project_id, t.source_version, t.target_version, t.phase, t.progress,
                   t.created_at, t.updated_at, t.completed_at, t.duration_seconds, t.last_run_id, t.last_changed_at,
                   r.revision_id, r.run_id AS revision_run_id, r.project_id AS revision_project_id, r.observed_at,
                   r.phase AS revision_phase, r.raw::text AS revision_raw, t.raw = r.raw AS same_raw
            FROM upgrade_history.upgrade_task t
            LEFT JOIN LATERAL (
                SELECT * FROM upgrade_history.upgrade_task_revision r
                WHERE r.cluster_id = t.cluster_id AND r.task_id = t.task_id
                ORDER BY r.revision_id DESC LIMIT 1) r ON true
            """;

    private static final String REVISION_WITHOUT_TASK = """
            SELECT r.revision_id, r.cluster_id, r.task_id FROM upgrade_history.upgrade_task_revision r
            WHERE NOT EXISTS (SELECT FROM upgrade_history.upgrade_task t
                              WHERE t.cluster_id = r.cluster_id AND t.task_id = r.task_id)
            ORDER BY r.revision_id LIMIT 1
            """;

    // Every run seals before it is closed, whatever its outcome: a closed run without a seal lost it. Runs that
    // started before the first seal was made predate sealing (or, when there is no seal at all, none does).
    private static final String FINISHED_RUN_WITHOUT_SEAL = """
            SELECT r.run_id, r.status FROM upgrade_history.archive_run r
            WHERE r.status <> 'RUNNING'
              AND r.started_at >= coalesce((SELECT min(s.sealed_at) FROM upgrade_history.archive_seal s), '-infinity')
              AND NOT EXISTS (SELECT FROM upgrade_history.archive_seal s WHERE s.run_id = r.run_id)
            ORDER BY r.run_id LIMIT 1
            """;

    // The columns read from API timestamps, which depend on archiver.source-zone when they carry no offset.
    private static final Set<String> ZONED = Set.of("created_at", "updated_at", "completed_at");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final UpgradeTaskNormalizer normalizer;
    private final IntegrityProperties integrity;
    private final EvidenceCheck evidence;

    public ArchiveVerifier(DataSource dataSource, PlatformTransactionManager transactionManager,
                           UpgradeTaskNormalizer normalizer, EvidenceNormalizer evidenceNormalizer,
                           IntegrityProperties integrity) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1_000);
        this.snapshot = new TransactionTemplate(transactionManager);
        this.snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.normalizer = normalizer;
        this.integrity = integrity;
        this.evidence = new EvidenceCheck(evidenceNormalizer);
    }

    /**
     * Verifies in a snapshot of its own, or in the caller's when one is active (the report reads its content and
     * the verdict in one snapshot, and so calls this before its first query). The public keys are read first: a bad
     * key file is a configuration error.
     */
    public Verification verify() {
        SealKeys keys = SealKeys.load(integrity.publicKey());
        // Before the snapshot: a seal committed while verify runs is then in neither, never in the witness alone.
        WitnessCheck.Witnessed witness = WitnessCheck.read(
                integrity.witnessDir() == null ? null : new SealWitness(integrity.witnessDir()));
        return Objects.requireNonNull(snapshot.execute(status -> check(keys, witness)));
    }

    private Verification check(SealKeys keys, WitnessCheck.@Nullable Witnessed witness) {
        jdbc.execute(TRUSTED_NAMES);
        Verification verification = checkWithTrustedNames(keys, witness);
        jdbc.execute("RESET search_path"); // the report goes on reading in the same transaction
        return verification;
    }

    private Verification checkWithTrustedNames(SealKeys keys, WitnessCheck.@Nullable Witnessed witness) {
        ArchiveDefinitions.Findings definitions = new ArchiveDefinitions(jdbc).check();
        if (definitions.damage() != null) {
            // Reading a table whose definition was changed would run its owner's code (a policy, a view): stop here.
            return Verification.ofDefinitions(definitions.setup(), definitions.damage(), keys.fingerprints(),
                    witness == null ? null : witness.directory());
        }
        long revisions = count("upgrade_history.upgrade_task_revision") + count("upgrade_history.evidence_revision");
        long seals = count("upgrade_history.archive_seal");
        long tasks = count("upgrade_history.upgrade_task");
        SealChain chain = jdbc.query(CHAIN, (ResultSetExtractor<SealChain>) rs -> SealChain.walk(rs, keys));
        long unsealed = new NamedParameterJdbcTemplate(jdbc).queryForObject("""
                SELECT (SELECT count(*) FROM upgrade_history.upgrade_task_revision WHERE revision_id > :after)
                     + (SELECT count(*) FROM upgrade_history.evidence_revision WHERE revision_id > :after)""",
                Map.of("after", chain.lastRevisionId()), Long.class);
        WitnessCheck witnessed = WitnessCheck.of(witness, chain.heads());
        String damage = firstRevision(FIRST_BAD_REVISION, ": content_hash does not match its content");
        if (damage == null) {
            damage = firstRevision(FIRST_BAD_EVIDENCE_REVISION, ": content_hash does not match its content");
        }
        if (damage == null) {
            damage = firstRevision(BELOW_EVERY_SEAL, " has a revision_id below 1, outside every seal's range: no run wrote it");
        }
        if (damage == null) {
            damage = firstRevision(SHARED_REVISION_ID, " shares its revision_id with an evidence revision");
        }
        if (damage == null) {
            damage = chain.damage();
        }
        if (damage == null) {
            damage = witnessed.damage();
        }
        if (damage == null) {
            damage = jdbc.query(FINISHED_RUN_WITHOUT_SEAL, rs -> rs.next()
                    ? "archive run " + rs.getLong(1) + " finished (" + rs.getString(2)
                    + ") but no seal names it: its seal was removed" : null);
        }
        if (damage == null) {
            damage = jdbc.query(TASKS_AGAINST_LATEST_REVISION, this::firstTaskMismatch);
        }
        if (damage == null) {
            damage = firstRevision(REVISION_WITHOUT_TASK, " has no upgrade_task row: the task was removed from upgrade_task");
        }
        if (damage == null) {
            damage = evidence.check(jdbc);
        }
        return new Verification(revisions, seals, tasks, chain.headDigest(), unsealed, damage, definitions.setup(),
                chain.signatures(keys), witnessed.summary());
    }

    /** The first revision {@code sql} finds (revision_id, cluster_id, task_id), described with {@code problem}. */
    private @Nullable String firstRevision(String sql, String problem) {
        return jdbc.query(sql, rs -> rs.next()
                ? "revision " + rs.getLong(1) + " (cluster " + rs.getString(2) + ", task " + rs.getString(3) + ")" + problem
                : null);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private @Nullable String firstTaskMismatch(ResultSet rs) throws SQLException {
        while (rs.next()) {
            String task = "upgrade_task (cluster " + rs.getString("cluster_id") + ", task " + rs.getString("task_id") + ")";
            if (rs.getObject("revision_id") == null) {
                return task + " has no revision";
            }
            String revision = "its latest revision " + rs.getLong("revision_id");
            if (!rs.getBoolean("same_raw")) {
                return task + ": raw differs from " + revision;
            }
            // derive, not normalize: the archive's admission rules (key length, clock skew) are not the columns' meaning
            var derived = normalizer.derive(ApiJson.MAPPER.readTree(rs.getString("revision_raw")), rs.getString("revision_raw"));
            String column = derived instanceof UpgradeTaskNormalizer.Normalized normalized
                    ? firstDifference(rs, normalized.task()) : "raw";
            if (column != null) {
                return task + ": " + column + " does not match " + revision + (ZONED.contains(column)
                        ? ", or archiver.source-zone differs from the archiving run's (a timestamp without offset is"
                        + " read in that zone; verify with the archive's)" : "");
            }
        }
        return null;
    }

    private static @Nullable String firstDifference(ResultSet rs, ArchivedTask expected) throws SQLException {
        String state = stateDifference(rs);
        if (state != null) {
            return state;
        }
        if (!Objects.equals(rs.getString("phase"), rs.getString("revision_phase"))
                || !Objects.equals(rs.getString("phase"), expected.phase())) {
            return "phase";
        }
        if (!Objects.equals(rs.getString("source_version"), expected.sourceVersion())) {
            return "source_version";
        }
        if (!Objects.equals(rs.getString("target_version"), expected.targetVersion())) {
            return "target_version";
        }
        if (!Objects.equals(rs.getString("progress"), expected.progress())) {
            return "progress";
        }
        if (!Objects.equals(instant(rs, "created_at"), expected.createdAt())) {
            return "created_at";
        }
        if (!Objects.equals(instant(rs, "updated_at"), expected.updatedAt())) {
            return "updated_at";
        }
        if (!Objects.equals(instant(rs, "completed_at"), expected.completedAt())) {
            return "completed_at";
        }
        BigDecimal duration = rs.getBigDecimal("duration_seconds");
        boolean sameDuration = duration == null ? expected.durationSeconds() == null
                : expected.durationSeconds() != null && duration.compareTo(expected.durationSeconds()) == 0;
        return sameDuration ? null : "duration_seconds";
    }

    /**
     * Whether a latest-state row (a task or an evidence object) is its latest revision's state: the same project, the
     * revision's run and observation time; the first column that differs, or {@code null}.
     */
    static @Nullable String stateDifference(ResultSet rs) throws SQLException {
        if (!Objects.equals(rs.getString("project_id"), rs.getString("revision_project_id"))) {
            return "project_id";
        }
        if (rs.getLong("last_run_id") != rs.getLong("revision_run_id")) {
            return "last_run_id";
        }
        return Objects.equals(instant(rs, "last_changed_at"), instant(rs, "observed_at")) ? null : "last_changed_at";
    }

    // java.time, not java.sql.Timestamp: Timestamp counts days before 1582 in the Julian calendar, PostgreSQL and
    // Instant in the proleptic Gregorian one, so a task created in the year 1000 would read back ten days off.
    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime timestamp = rs.getObject(column, OffsetDateTime.class);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
