package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL functions that define the archive's hashes render exactly the text docs/integrity.md prints, and hash
 * it as any SHA-256 implementation does: an auditor can recompute them without our code. The expected texts are
 * written by hand from the document's rules.
 */
@SpringBootTest
class CanonicalFormTest {

    static final String GENESIS = "0".repeat(64);
    static final String HASH_1 = "a".repeat(64);
    static final String HASH_2 = "0123456789abcdef".repeat(4);

    @Autowired
    JdbcClient jdbc;

    record Revision(long runId, String projectId, String clusterId, String taskId, String observedAt,
                    @Nullable String phase, String raw) {
    }

    static Stream<Arguments> revisions() {
        return Stream.of(
                arguments("keys sorted shorter first, then bytewise; observed_at in UTC to the microsecond",
                        new Revision(7, "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "c-example", "r-1",
                                "2024-05-01 09:20:30.123456+08", "Running", """
                                {"status":{"progress":"40","phase":"Running"},"spec":{"version":"v1.28.3-r0"},
                                 "metadata":{"uid":"r-1"},"kind":"UpgradeTask"}"""),
                        "{\"raw\": {\"kind\": \"UpgradeTask\", \"spec\": {\"version\": \"v1.28.3-r0\"}, "
                                + "\"status\": {\"phase\": \"Running\", \"progress\": \"40\"}, \"metadata\": {\"uid\": \"r-1\"}}, "
                                + "\"phase\": \"Running\", \"run_id\": 7, \"task_id\": \"r-1\", \"cluster_id\": \"c-example\", "
                                + "\"project_id\": \"0a1b2c3d4e5f60718293a4b5c6d7e8f9\", \"observed_at\": \"2024-05-01T01:20:30.123456Z\"}"),
                arguments("a null phase, and a whole second west of UTC on New Year's Eve",
                        new Revision(1, "p", "c", "t", "2023-12-31 23:59:59-05", null, "{\"metadata\":{\"uid\":\"t\"},\"status\":{}}"),
                        "{\"raw\": {\"status\": {}, \"metadata\": {\"uid\": \"t\"}}, \"phase\": null, \"run_id\": 1, "
                                + "\"task_id\": \"t\", \"cluster_id\": \"c\", \"project_id\": \"p\", "
                                + "\"observed_at\": \"2024-01-01T04:59:59.000000Z\"}"),
                arguments("numbers digit by digit, unicode as characters, keys sorted by UTF-8 length",
                        new Revision(12, "p", "c", "t", "2024-02-29 00:00:00.000001+00", "Running",
                                "{\"升级\":true,\"status\":{\"progress\":1.10,\"phase\":\"Running\"},"
                                        + "\"note\":\"caf\\u00e9 ✓\",\"n\":12345678901234567890.000}"),
                        "{\"raw\": {\"n\": 12345678901234567890.000, \"note\": \"café ✓\", "
                                + "\"status\": {\"phase\": \"Running\", \"progress\": 1.10}, \"升级\": true}, "
                                + "\"phase\": \"Running\", \"run_id\": 12, \"task_id\": \"t\", \"cluster_id\": \"c\", "
                                + "\"project_id\": \"p\", \"observed_at\": \"2024-02-29T00:00:00.000001Z\"}"),
                arguments("whitespace and key order as received do not count; a repeated key counts once, the last",
                        new Revision(2, "p", "c", "t", "2024-05-01T00:00:00Z", "Success", "{ \"b\" : 1 ,\n \"a\":2, \"b\": 3 }"),
                        "{\"raw\": {\"a\": 2, \"b\": 3}, \"phase\": \"Success\", \"run_id\": 2, \"task_id\": \"t\", "
                                + "\"cluster_id\": \"c\", \"project_id\": \"p\", \"observed_at\": \"2024-05-01T00:00:00.000000Z\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revisions")
    void rendersARevisionAsTheDocumentedCanonicalText(String description, Revision revision, String expected) {
        // when
        String canonical = sql("upgrade_history.revision_canonical_form(?, ?, ?, ?, ?::timestamptz, ?::text, ?::jsonb)", revision);

        // then
        assertThat(canonical).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revisions")
    void hashesTheCanonicalTextAsSha256OfItsUtf8BytesInLowerCaseHex(String description, Revision revision, String expected)
            throws Exception {
        // when
        String contentHash = sql("upgrade_history.sha256_hex(upgrade_history.revision_canonical_form("
                + "?, ?, ?, ?, ?::timestamptz, ?::text, ?::jsonb))", revision);

        // then
        assertThat(contentHash).isEqualTo(sha256Hex(expected));
    }

    static Stream<Arguments> seals() {
        return Stream.of(
                arguments("the first seal, covering two revisions",
                        GENESIS, 3, "2024-05-01 09:00:00.5+08", 4, 2, HASH_1 + "\n" + HASH_2 + "\n",
                        GENESIS + "\n3\n2024-05-01T01:00:00.500000Z\n4\n2\n" + HASH_1 + "\n" + HASH_2 + "\n"),
                arguments("a seal covering no revision",
                        HASH_2, 5, "2024-05-02 00:00:00+00", 4, 0, "",
                        HASH_2 + "\n5\n2024-05-02T00:00:00.000000Z\n4\n0\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seals")
    void hashesASealAsTheDocumentedLines(String description, String previousDigest, long runId, String sealedAt,
                                         long lastRevisionId, long revisionCount, String contentHashes, String lines)
            throws Exception {
        // when
        String digest = jdbc.sql("SELECT upgrade_history.seal_digest(?, ?, ?::timestamptz, ?, ?, ?)")
                .params(previousDigest, runId, sealedAt, lastRevisionId, revisionCount, contentHashes)
                .query(String.class).single();

        // then
        assertThat(digest).isEqualTo(sha256Hex(lines));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seals")
    void theSealersAndVerifysDigestInJavaIsTheDocumentedOne(String description, String previousDigest, long runId,
                                                          String sealedAt, long lastRevisionId, long revisionCount,
                                                          String contentHashes, String lines) throws Exception {
        // given
        Instant at = jdbc.sql("SELECT ?::timestamptz").params(sealedAt).query(Timestamp.class).single().toInstant();

        // when
        SealDigest digest = new SealDigest(previousDigest, runId, at, lastRevisionId, revisionCount);
        contentHashes.lines().forEach(digest::add);

        // then
        assertThat(digest.hex()).isEqualTo(sha256Hex(lines));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revisions")
    void verifysContentHashOfPgCatalogBuiltInsIsTheDocumentedOne(String description, Revision revision, String expected)
            throws Exception {
        // when
        String contentHash = jdbc.sql("SELECT " + ArchiveVerifier.CONTENT_HASH + " FROM (SELECT ?::bigint AS run_id,"
                        + " ?::text AS project_id, ?::text AS cluster_id, ?::text AS task_id, ?::timestamptz AS observed_at,"
                        + " ?::text AS phase, ?::jsonb AS raw) r")
                .params(revision.runId(), revision.projectId(), revision.clusterId(), revision.taskId(),
                        revision.observedAt(), revision.phase(), revision.raw())
                .query(String.class).single();

        // then
        assertThat(contentHash).isEqualTo(sha256Hex(expected));
    }

    @Test
    void verifyKnowsTheArchivesFunctionsAsTheMigrationsDefineThemAndTheIntegrityDocumentPrintsThem() throws Exception {
        // given
        String document = Files.readString(Path.of("docs/integrity.md"));

        // when
        var defined = jdbc.sql("""
                        SELECT p.oid::regprocedure::text, p.prosrc FROM pg_proc p
                        WHERE p.pronamespace = 'upgrade_history'::regnamespace
                          AND p.proname IN ('reject_change', 'sha256_hex', 'revision_canonical_form',
                                            'evidence_canonical_form', 'seal_digest')""")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2).strip())).list();

        // then
        assertThat(defined).containsExactlyInAnyOrderElementsOf(ArchiveDefinitions.FUNCTIONS.entrySet());
        ArchiveDefinitions.FUNCTIONS.values().forEach(body -> assertThat(document).contains(body));
    }

    @Test
    void verifyKnowsTheColumnsOfTheTablesItReadsAsTheMigrationsDefineThem() {
        // when
        var defined = jdbc.sql("""
                        SELECT c.relname || '.' || a.attname, pg_catalog.format_type(a.atttypid, NULL)
                        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                        WHERE c.relnamespace = 'upgrade_history'::regnamespace AND c.relkind = 'r'
                          AND a.attnum > 0 AND NOT a.attisdropped AND c.relname IN (:tables)""")
                .param("tables", ArchiveDefinitions.READ)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2))).list();

        // then
        assertThat(defined).containsExactlyInAnyOrderElementsOf(ArchiveDefinitions.COLUMN_TYPES.entrySet());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "upgrade_history.sha256_hex(upgrade_history.revision_canonical_form(r.run_id, r.project_id, r.cluster_id, "
                    + "r.task_id, r.observed_at, r.phase, r.raw)) FROM upgrade_history.upgrade_task_revision r",
            "upgrade_history.sha256_hex(upgrade_history.evidence_canonical_form(r.kind, r.run_id, r.project_id, "
                    + "r.cluster_id, r.object_id, r.observed_at, r.raw)) FROM upgrade_history.evidence_revision r"})
    void theWritersHashIsInlinedIntoTheirStatementRatherThanCalledOnceARevision(String hashOfEveryRevision) {
        // when: PostgreSQL plans a hash of every revision, as the writers' inserts compute it
        String plan = String.join("\n", jdbc.sql("EXPLAIN (VERBOSE) SELECT " + hashOfEveryRevision).query(String.class).list());

        // then: the functions' bodies are in the plan (V12 declares them STABLE, as their bodies are), not calls to them
        assertThat(plan).contains("encode(sha256(convert_to((jsonb_build_object(")
                .doesNotContain("sha256_hex").doesNotContain("_canonical_form");
    }

    private String sql(String expression, Revision revision) {
        return jdbc.sql("SELECT " + expression)
                .params(revision.runId(), revision.projectId(), revision.clusterId(), revision.taskId(),
                        revision.observedAt(), revision.phase(), revision.raw())
                .query(String.class).single();
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
