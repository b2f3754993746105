package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.config.ArchiverProperties.IntegrityProperties;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import io.github.cceupgradearchiver.history.SealKeys;
import io.github.cceupgradearchiver.history.Sha256;
import io.github.cceupgradearchiver.history.Verification;
import io.github.cceupgradearchiver.report.RenderedReports;
import io.github.cceupgradearchiver.report.ReportFormat;
import io.github.cceupgradearchiver.report.ReportRequest;
import io.github.cceupgradearchiver.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes an evidence pack: the period's report in every format, the revisions behind it, every seal from the first
 * that covers one of them up to the head (each with the content hashes it covers), the public keys of their
 * signatures, a manifest and the auditor's README and verify.py. Everything is read in one repeatable-read snapshot
 * from the base tables, with names resolved in pg_catalog only, so the pack shows one state of the archive and no
 * view or function of the schema's owner shapes it. The zip is written beside the output and moved into place.
 */
public class EvidenceExporter {

    private static final String TRUSTED_NAMES = "SET LOCAL search_path = pg_catalog, pg_temp";

    private static final String HEAD = """
            SELECT seal_id, last_revision_id FROM upgrade_history.archive_seal ORDER BY seal_id DESC LIMIT 1""";

    /**
     * The revisions of the period, task and evidence revisions in revision_id order (one sequence gives both their
     * ids): those of the chosen clusters observed in it, every revision of each task the report lists (created in
     * it), and every revision of each pre-check, snapshot and workflow created in it, all sealed (after the head
     * seal nothing is proven yet). An evidence revision's object_id comes as task_id, its kind as evidence_kind.
     */
    private static final String REVISIONS = """
            SELECT r.revision_id, NULL AS evidence_kind, r.run_id, r.project_id, r.cluster_id, r.task_id,
                   to_char(r.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS observed_at,
                   r.phase, r.content_hash, r.raw::text AS raw
            FROM upgrade_history.upgrade_task_revision r
            WHERE r.revision_id <= :headLast
              AND (cardinality(CAST(:clusters AS text[])) = 0 OR r.cluster_id = ANY(CAST(:clusters AS text[])))
              AND ((r.observed_at >= :start AND r.observed_at < :end)
                   OR EXISTS (SELECT FROM upgrade_history.upgrade_task t
                              WHERE t.cluster_id = r.cluster_id AND t.task_id = r.task_id
                                AND t.created_at >= :start AND t.created_at < :end))
            UNION ALL
            SELECT e.revision_id, e.kind, e.run_id, e.project_id, e.cluster_id, e.object_id,
                   to_char(e.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   NULL, e.content_hash, e.raw::text
            FROM upgrade_history.evidence_revision e
            WHERE e.revision_id <= :headLast
              AND (cardinality(CAST(:clusters AS text[])) = 0 OR e.cluster_id = ANY(CAST(:clusters AS text[])))
              AND ((e.observed_at >= :start AND e.observed_at < :end)
                   OR EXISTS (SELECT FROM (SELECT 'precheck' AS kind, cluster_id, task_id AS object_id, created_at
                                           FROM upgrade_history.precheck_task
                                           UNION ALL
                                           SELECT 'snapshot', cluster_id, task_id, created_at
                                           FROM upgrade_history.snapshot_task
                                           UNION ALL
                                           SELECT 'workflow', cluster_id, workflow_id, created_at
                                           FROM upgrade_history.upgrade_workflow) o
                              WHERE o.kind = e.kind AND o.cluster_id = e.cluster_id AND o.object_id = e.object_id
                                AND o.created_at >= :start AND o.created_at < :end))
            ORDER BY revision_id
            """;

    // Each seal from the one covering :firstRevision to the head, with the content hashes of its range (task and
    // evidence revisions alike, as the sealer took them), in revision_id order.
    private static final String SEALS = """
            WITH chain AS (
                SELECT s.*, coalesce(lag(s.last_revision_id) OVER (ORDER BY s.seal_id), 0) AS after_id
                FROM upgrade_history.archive_seal s
            )
            SELECT c.seal_id, c.run_id,
                   to_char(c.sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sealed_at,
                   c.after_id, c.last_revision_id, c.revision_count, c.previous_digest, c.digest, c.signature,
                   c.key_fingerprint, r.revision_id, r.content_hash
            FROM chain c
            LEFT JOIN (SELECT revision_id, content_hash FROM upgrade_history.upgrade_task_revision
                       UNION ALL
                       SELECT revision_id, content_hash FROM upgrade_history.evidence_revision) r
                   ON r.revision_id > c.after_id AND r.revision_id <= c.last_revision_id
            WHERE c.seal_id >= coalesce((SELECT min(s.seal_id) FROM upgrade_history.archive_seal s
                                         WHERE s.last_revision_id >= :firstRevision), :headSeal)
            ORDER BY c.seal_id, r.revision_id
            """;

    private final ReportWriter reports;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final IntegrityProperties integrity;
    private final Clock clock;

    public EvidenceExporter(ReportWriter reports, NamedParameterJdbcTemplate jdbc,
                            PlatformTransactionManager transactionManager, IntegrityProperties integrity, Clock clock) {
        this.reports = reports;
        this.jdbc = jdbc;
        this.jdbc.getJdbcTemplate().setFetchSize(1_000);
        this.snapshot = new TransactionTemplate(transactionManager);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.integrity = integrity;
        this.clock = clock;
    }

    public ExportedPack export(ReportRequest request, Path output) throws IOException {
        SealKeys keys = SealKeys.forExport(integrity.publicKey(), integrity.signingKey());
        Contents contents = Objects.requireNonNull(snapshot.execute(status -> read(request)));
        Map<String, String> keyPem = keys.pem();
        for (SealLine seal : contents.seals()) {
            if (seal.keyFingerprint() != null && !keyPem.containsKey(seal.keyFingerprint())) {
                throw new InvalidConfigurationException(SealKeys.KEY, "seal " + seal.sealId() + " is signed by key "
                        + seal.keyFingerprint() + ", whose public key is none of " + SealKeys.KEY + " or "
                        + "archiver.integrity.signing-key: give its public key so that the pack carries it");
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        RenderedReports report = contents.report();
        for (ReportFormat format : ReportFormat.values()) {
            files.put(PackFiles.REPORT + format.name().toLowerCase(Locale.ROOT), report.content().get(format));
        }
        files.put(PackFiles.REVISIONS, contents.revisions());
        files.put(PackFiles.SEALS, lines(contents.seals().stream().map(SealLine::write).toList()));
        List<String> usedKeys = contents.seals().stream().map(SealLine::keyFingerprint).filter(Objects::nonNull)
                .distinct().toList();
        usedKeys.forEach(fingerprint -> files.put(PackFiles.key(fingerprint),
                keyPem.get(fingerprint).getBytes(StandardCharsets.US_ASCII)));
        SealLine head = contents.seals().get(contents.seals().size() - 1);
        files.put(PackFiles.VERIFY_PY, resource(PackFiles.VERIFY_PY));
        files.put(PackFiles.README, readme(head, usedKeys));
        files.put(PackFiles.MANIFEST, manifest(request, head, usedKeys, contents, files));
        write(output, files);
        return new ExportedPack(output, Sha256.hex(Files.readAllBytes(output)), contents.revisionCount(),
                contents.seals().size(), head.digest(), report.verification());
    }

    private record Contents(RenderedReports report, byte[] revisions, long revisionCount, List<SealLine> seals) {
    }

    private record Head(long sealId, long lastRevisionId) {
    }

    /** revisions.jsonl as it is read: its lines, how many, and the first revision (which seals the pack starts at). */
    private static final class RevisionsFile {
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        long first = Long.MAX_VALUE;
        long count;

        void add(long revisionId, String line) {
            content.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
            first = Math.min(first, revisionId);
            count++;
        }
    }

    private Contents read(ReportRequest request) {
        RenderedReports report;
        try {
            report = reports.renderAll(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.getJdbcTemplate().execute(TRUSTED_NAMES);
        Head head = jdbc.getJdbcTemplate().query(HEAD, rs -> rs.next()
                ? new Head(rs.getLong("seal_id"), rs.getLong("last_revision_id")) : null);
        if (head == null) {
            throw new IllegalStateException("the archive has no seal yet: run archive once, then export");
        }
        Map<String, Object> scope = Map.of("headLast", head.lastRevisionId(),
                "clusters", request.clusterIds().toArray(String[]::new),
                "start", request.period().start().atOffset(ZoneOffset.UTC),
                "end", request.period().end().atOffset(ZoneOffset.UTC));
        RevisionsFile revisions = new RevisionsFile();
        jdbc.query(REVISIONS, scope, (RowCallbackHandler) rs -> {
            long revisionId = rs.getLong("revision_id");
            String evidenceKind = rs.getString("evidence_kind");
            revisions.add(revisionId, evidenceKind == null
                    ? RevisionLine.TaskRevision.write(revisionId, rs.getLong("run_id"), rs.getString("project_id"),
                            rs.getString("cluster_id"), rs.getString("task_id"), rs.getString("observed_at"),
                            rs.getString("phase"), rs.getString("content_hash"), rs.getString("raw"))
                    : RevisionLine.EvidenceRevision.write(revisionId, evidenceKind, rs.getLong("run_id"),
                            rs.getString("project_id"), rs.getString("cluster_id"), rs.getString("task_id"),
                            rs.getString("observed_at"), rs.getString("content_hash"), rs.getString("raw")));
        });
        List<SealLine> seals = new ArrayList<>();
        jdbc.query(SEALS, Map.of("firstRevision", revisions.first, "headSeal", head.sealId()), (RowCallbackHandler) rs -> {
            long sealId = rs.getLong("seal_id");
            SealLine last = seals.isEmpty() ? null : seals.get(seals.size() - 1);
            if (last == null || last.sealId() != sealId) {
                last = new SealLine(sealId, rs.getLong("run_id"), rs.getString("sealed_at"), rs.getLong("after_id"),
                        rs.getLong("last_revision_id"), rs.getLong("revision_count"), rs.getString("previous_digest"),
                        rs.getString("digest"), rs.getString("signature"), rs.getString("key_fingerprint"),
                        new ArrayList<>());
                seals.add(last);
            }
            long revisionId = rs.getLong("revision_id");
            if (!rs.wasNull()) {
                last.covers().add(new SealLine.Covered(revisionId, rs.getString("content_hash")));
            }
        });
        return new Contents(report, revisions.content.toByteArray(), revisions.count, seals);
    }

    private byte[] readme(SealLine head, List<String> keys) throws IOException {
        String template = new String(resource(PackFiles.README), StandardCharsets.UTF_8);
        String key = keys.isEmpty() ? "(the seals are unsigned: the pack carries no key)" : PackFiles.key(keys.get(0));
        return template.replace("{{HEAD_SEAL}}", Long.toString(head.sealId()))
                .replace("{{HEAD_DIGEST}}", head.digest())
                .replace("{{KEY_FILE}}", key)
                .replace("{{KEYS}}", keys.isEmpty() ? "none" : keys.stream().map(PackFiles::key).collect(Collectors.joining(", ")))
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] manifest(ReportRequest request, SealLine head, List<String> keys, Contents contents,
                            Map<String, byte[]> files) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"format\": ").append(JsonbText.string(PackFiles.FORMAT)).append(",\n");
        json.append("  \"generator\": ").append(JsonbText.string(request.generator())).append(",\n");
        json.append("  \"created_at\": ").append(JsonbText.string(now.toString())).append(",\n");
        json.append("  \"period\": {\"from\": ").append(JsonbText.string(request.period().from().toString()))
                .append(", \"to\": ").append(JsonbText.string(request.period().to().toString()))
                .append(", \"zone\": ").append(JsonbText.string(request.period().zoneName()))
                .append(", \"start\": ").append(JsonbText.string(request.period().start().toString()))
                .append(", \"end\": ").append(JsonbText.string(request.period().end().toString())).append("},\n");
        json.append("  \"clusters\": [").append(request.clusterIds().stream().map(JsonbText::string)
                .collect(Collectors.joining(", "))).append("],\n");
        json.append("  \"head\": {\"seal_id\": ").append(head.sealId()).append(", \"digest\": ")
                .append(JsonbText.string(head.digest())).append("},\n");
        json.append("  \"revisions\": ").append(contents.revisionCount()).append(",\n");
        json.append("  \"seals\": ").append(contents.seals().size()).append(",\n");
        json.append("  \"archive_verdict\": ").append(JsonbText.string(contents.report().verification().describe()))
                .append(",\n");
        json.append("  \"keys\": [").append(keys.stream().map(fingerprint -> "{\"fingerprint\": "
                + JsonbText.string(fingerprint) + ", \"file\": " + JsonbText.string(PackFiles.key(fingerprint)) + "}")
                .collect(Collectors.joining(", "))).append("],\n");
        json.append("  \"files\": [\n").append(files.entrySet().stream().map(file -> "    {\"path\": "
                + JsonbText.string(file.getKey()) + ", \"sha256\": " + JsonbText.string(Sha256.hex(file.getValue()))
                + ", \"bytes\": " + file.getValue().length + "}").collect(Collectors.joining(",\n")));
        json.append("\n  ]\n}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lines(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EvidenceExporter.class.getResourceAsStream("/evidence/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks evidence/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** The zip beside {@code output}, then moved into place: a failure leaves no half pack. */
    private static void write(Path output, Map<String, byte[]> files) throws IOException {
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    ZipEntry entry = new ZipEntry(file.getKey());
                    entry.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0)); // the same content makes the same zip
                    zip.putNextEntry(entry);
                    zip.write(file.getValue());
                    zip.closeEntry();
                }
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** What export wrote: the pack, its SHA-256, what it holds, and the verdict on the archive it was read from. */
    public record ExportedPack(Path output, String sha256, long revisions, int seals, String headDigest,
                               Verification verification) {
    }
}
