package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.cce.ApiJson;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-checks the whole archive from the stored rows alone: every revision's content hash, every seal's
 * digest, count and link to its predecessor, and every {@code upgrade_task} row against its latest
 * revision. Reads stream through cursors, so the archive's size does not matter to memory. It runs in
 * one repeatable-read snapshot, so a concurrent run cannot make it see half a chunk.
 */
public class ArchiveVerifier {

    private static final String GENESIS = "0".repeat(64);

    private static final String FIRST_BAD_REVISION = """
            SELECT revision_id, cluster_id, task_id FROM upgrade_history.upgrade_task_revision
            WHERE content_hash IS DISTINCT FROM upgrade_history.sha256_hex(upgrade_history.revision_canonical_form(
                      run_id, project_id, cluster_id, task_id, observed_at, phase, raw))
            ORDER BY revision_id LIMIT 1
            """;

    private static final String CHAIN = """
            WITH chain AS (
                SELECT s.*, coalesce(lag(s.digest) OVER w, repeat('0', 64)) AS expected_previous,
                       coalesce(lag(s.last_revision_id) OVER w, 0) AS after_id, lag(s.seal_id) OVER w AS previous_seal
                FROM upgrade_history.archive_seal s WINDOW w AS (ORDER BY s.seal_id)
            )
            SELECT c.seal_id, c.previous_seal, c.previous_digest = c.expected_previous AS linked,
                   c.revision_count, x.revisions AS found,
                   upgrade_history.seal_digest(c.previous_digest, c.run_id, c.sealed_at, c.last_revision_id,
                                               x.revisions, x.hashes) = c.digest AS digest_matches,
                   c.digest, c.after_id, c.last_revision_id
            FROM chain c CROSS JOIN LATERAL (
                SELECT count(*) AS revisions,
                       coalesce(string_agg(r.content_hash || E'\\n', '' ORDER BY r.revision_id), '') AS hashes
                FROM upgrade_history.upgrade_task_revision r
                WHERE r.revision_id > c.after_id AND r.revision_id <= c.last_revision_id) x
            ORDER BY c.seal_id
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

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final UpgradeTaskNormalizer normalizer;

    public ArchiveVerifier(DataSource dataSource, PlatformTransactionManager transactionManager,
                           UpgradeTaskNormalizer normalizer) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1_000);
        this.snapshot = new TransactionTemplate(transactionManager);
        this.snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.normalizer = normalizer;
    }

    public Verification verify() {
        return Objects.requireNonNull(snapshot.execute(status -> check()));
    }

    private Verification check() {
        long revisions = count("upgrade_history.upgrade_task_revision");
        long seals = count("upgrade_history.archive_seal");
        long tasks = count("upgrade_history.upgrade_task");
        ChainCheck chain = jdbc.query(CHAIN, this::walkChain);
        long unsealed = jdbc.queryForObject(
                "SELECT count(*) FROM upgrade_history.upgrade_task_revision WHERE revision_id > ?",
                Long.class, chain.lastRevisionId());
        String damage = firstRevision(FIRST_BAD_REVISION, ": content_hash does not match its content");
        if (damage == null) {
            damage = chain.damage();
        }
        if (damage == null) {
            damage = jdbc.query(TASKS_AGAINST_LATEST_REVISION, this::firstTaskMismatch);
        }
        if (damage == null) {
            damage = firstRevision(REVISION_WITHOUT_TASK, " has no upgrade_task row: the task was removed from upgrade_task");
        }
        return new Verification(revisions, seals, tasks, chain.headDigest(), unsealed, damage);
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

    private record ChainCheck(String headDigest, long lastRevisionId, @Nullable String damage) {
    }

    private ChainCheck walkChain(ResultSet rs) throws SQLException {
        String head = GENESIS;
        long lastRevisionId = 0;
        String damage = null;
        while (rs.next()) {
            long sealId = rs.getLong("seal_id");
            head = rs.getString("digest");
            lastRevisionId = rs.getLong("last_revision_id");
            if (damage != null) {
                continue;
            }
            String range = "revisions " + (rs.getLong("after_id") + 1) + ".." + lastRevisionId;
            if (!rs.getBoolean("linked")) {
                long previous = rs.getLong("previous_seal");
                damage = "seal " + sealId + ": previous_digest does not match "
                        + (rs.wasNull() ? "the genesis digest" : "seal " + previous)
                        + ": a seal before it was removed or altered";
            } else if (rs.getLong("found") != rs.getLong("revision_count")) {
                damage = "seal " + sealId + " covers " + range + ": it records " + rs.getLong("revision_count")
                        + " revisions but " + rs.getLong("found") + " exist: revisions were removed or added";
            } else if (!rs.getBoolean("digest_matches")) {
                damage = "seal " + sealId + " covering " + range
                        + ": digest does not match the seal and its revisions' content hashes";
            }
        }
        return new ChainCheck(head, lastRevisionId, damage);
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
                return task + ": " + column + " does not match " + revision;
            }
        }
        return null;
    }

    private static @Nullable String firstDifference(ResultSet rs, ArchivedTask expected) throws SQLException {
        if (!Objects.equals(rs.getString("project_id"), rs.getString("revision_project_id"))) {
            return "project_id";
        }
        if (!Objects.equals(rs.getString("phase"), rs.getString("revision_phase"))
                || !Objects.equals(rs.getString("phase"), expected.phase())) {
            return "phase";
        }
        if (rs.getLong("last_run_id") != rs.getLong("revision_run_id")) {
            return "last_run_id";
        }
        if (!Objects.equals(instant(rs, "last_changed_at"), instant(rs, "observed_at"))) {
            return "last_changed_at";
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

    // java.time, not java.sql.Timestamp: Timestamp counts days before 1582 in the Julian calendar, PostgreSQL and
    // Instant in the proleptic Gregorian one, so a task created in the year 1000 would read back ten days off.
    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime timestamp = rs.getObject(column, OffsetDateTime.class);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
