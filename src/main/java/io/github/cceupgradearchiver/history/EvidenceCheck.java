package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.cce.ApiJson;
import io.github.cceupgradearchiver.cce.ArchivedEvidence;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Verify's check of the evidence tables: every object's latest state (its kind's table) against its latest revision in
 * {@code evidence_revision} (raw, run, time, project, and the analyst columns re-derived from the raw JSON), and no
 * revision without its object. Runs in the verifier's snapshot with names resolved in {@code pg_catalog} only.
 */
final class EvidenceCheck {

    // %1$s the table, %2$s its id column, %3$s the kind
    private static final String LATEST_AGAINST_REVISION = """
            SELECT t.cluster_id, t.%2$s AS object_id, t.project_id, t.cluster_version, t.target_version, t.phase,
                   t.created_at, t.updated_at, t.finished_at, t.last_run_id, t.last_changed_at,
                   r.revision_id, r.run_id AS revision_run_id, r.project_id AS revision_project_id, r.observed_at,
                   r.raw::pg_catalog.text AS revision_raw, t.raw = r.raw AS same_raw
            FROM upgrade_history.%1$s t
            LEFT JOIN LATERAL (
                SELECT * FROM upgrade_history.evidence_revision r
                WHERE r.kind = '%3$s' AND r.cluster_id = t.cluster_id AND r.object_id = t.%2$s
                ORDER BY r.revision_id DESC LIMIT 1) r ON true
            """;

    private static final String REVISION_WITHOUT_OBJECT = """
            SELECT r.revision_id, r.cluster_id, r.object_id FROM upgrade_history.evidence_revision r
            WHERE r.kind = '%3$s' AND NOT EXISTS (SELECT FROM upgrade_history.%1$s t
                                                  WHERE t.cluster_id = r.cluster_id AND t.%2$s = r.object_id)
            ORDER BY r.revision_id LIMIT 1
            """;

    private static final String UNKNOWN_KIND = """
            SELECT r.revision_id, r.kind FROM upgrade_history.evidence_revision r
            WHERE r.kind <> ALL (?::pg_catalog.text[]) ORDER BY r.revision_id LIMIT 1
            """;

    private final EvidenceNormalizer normalizer;

    EvidenceCheck(EvidenceNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** The first damage found, or {@code null}. */
    @Nullable String check(JdbcTemplate jdbc) {
        for (EvidenceKind kind : EvidenceKind.values()) {
            String damage = jdbc.query(LATEST_AGAINST_REVISION.formatted(kind.table(), kind.idColumn(), kind.value()),
                    (ResultSetExtractor<String>) rs -> firstMismatch(kind, rs));
            if (damage == null) {
                damage = jdbc.query(REVISION_WITHOUT_OBJECT.formatted(kind.table(), kind.idColumn(), kind.value()),
                        (ResultSetExtractor<String>) rs -> rs.next() ? "evidence revision " + rs.getLong(1) + " (cluster " + rs.getString(2) + ", "
                                + kind.value() + " " + rs.getString(3) + ") has no " + kind.table()
                                + " row: the object was removed from " + kind.table() : null);
            }
            if (damage != null) {
                return damage;
            }
        }
        String[] kinds = Arrays.stream(EvidenceKind.values()).map(EvidenceKind::value).toArray(String[]::new);
        return jdbc.query(UNKNOWN_KIND, (ResultSetExtractor<String>) rs -> rs.next() ? "evidence revision " + rs.getLong(1)
                + " is of no known kind: " + rs.getString(2) : null, (Object) kinds);
    }

    private @Nullable String firstMismatch(EvidenceKind kind, ResultSet rs) throws SQLException {
        while (rs.next()) {
            String object = kind.table() + " (cluster " + rs.getString("cluster_id") + ", " + kind.idColumn() + " "
                    + rs.getString("object_id") + ")";
            if (rs.getObject("revision_id") == null) {
                return object + " has no revision";
            }
            String revision = "its latest revision " + rs.getLong("revision_id");
            if (!rs.getBoolean("same_raw")) {
                return object + ": raw differs from " + revision;
            }
            String raw = rs.getString("revision_raw");
            var derived = normalizer.derive(kind, ApiJson.MAPPER.readTree(raw), raw, rs.getString("cluster_id"));
            String column = derived instanceof EvidenceNormalizer.Normalization.Kept kept
                    ? firstDifference(rs, kept.evidence()) : "raw";
            if (column != null) {
                return object + ": " + column + " does not match " + revision;
            }
        }
        return null;
    }

    private static @Nullable String firstDifference(ResultSet rs, ArchivedEvidence expected) throws SQLException {
        String state = ArchiveVerifier.stateDifference(rs);
        if (state != null) {
            return state;
        }
        if (!Objects.equals(rs.getString("object_id"), expected.objectId())) {
            return "its id";
        }
        if (!Objects.equals(rs.getString("cluster_version"), expected.clusterVersion())) {
            return "cluster_version";
        }
        if (!Objects.equals(rs.getString("target_version"), expected.targetVersion())) {
            return "target_version";
        }
        if (!Objects.equals(rs.getString("phase"), expected.phase())) {
            return "phase";
        }
        if (!Objects.equals(instant(rs, "created_at"), expected.createdAt())) {
            return "created_at";
        }
        if (!Objects.equals(instant(rs, "updated_at"), expected.updatedAt())) {
            return "updated_at";
        }
        return Objects.equals(instant(rs, "finished_at"), expected.finishedAt()) ? null : "finished_at";
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        return ArchiveVerifier.instant(rs, column);
    }
}
