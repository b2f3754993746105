package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.evidence.Json.JsonNull;
import io.github.cceupgradearchiver.evidence.Json.JsonNumber;
import io.github.cceupgradearchiver.evidence.Json.JsonObject;
import io.github.cceupgradearchiver.evidence.Json.JsonString;
import io.github.cceupgradearchiver.history.Sha256;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line of the pack's {@code revisions.jsonl}: a revision as archived, with every column that enters its
 * canonical form, its stored content hash, and {@code raw} as PostgreSQL's jsonb text. {@code kind} names the table:
 * {@code upgrade_task_revision} or {@code evidence_revision}, whose ids come from one sequence and one seal chain.
 */
sealed interface RevisionLine {

    String TASK_REVISION = "upgrade_task_revision";
    String EVIDENCE_REVISION = "evidence_revision";

    long revisionId();

    String contentHash();

    /** docs/integrity.md: the canonical form of the revision, PostgreSQL's jsonb text recomputed in Java. */
    String canonicalForm();

    String describe();

    default String recomputedHash() {
        return Sha256.hex(canonicalForm().getBytes(StandardCharsets.UTF_8));
    }

    /** A line of revisions.jsonl; an IllegalArgumentException saying what is wrong with it. */
    static RevisionLine read(String line) {
        PackJson json = PackJson.of(JsonbText.parse(line));
        String kind = json.text("kind");
        return switch (kind) {
            case TASK_REVISION -> new TaskRevision(json.number("revision_id"), json.number("run_id"),
                    json.text("project_id"), json.text("cluster_id"), json.text("task_id"), json.text("observed_at"),
                    json.nullableText("phase"), json.text("content_hash"), json.value("raw"));
            case EVIDENCE_REVISION -> new EvidenceRevision(json.number("revision_id"), json.text("evidence_kind"),
                    json.number("run_id"), json.text("project_id"), json.text("cluster_id"), json.text("object_id"),
                    json.text("observed_at"), json.text("content_hash"), json.value("raw"));
            default -> throw new IllegalArgumentException("unknown kind \"" + kind + "\"");
        };
    }

    /** A row of upgrade_task_revision. */
    record TaskRevision(long revisionId, long runId, String projectId, String clusterId, String taskId,
                        String observedAt, @Nullable String phase, String contentHash, Json raw) implements RevisionLine {

        /**
         * The line as export writes it: the columns in a fixed order, {@code raw} exactly as PostgreSQL rendered it
         * (parsed first, so that a raw which is not JSON fails the export rather than the auditor).
         */
        static String write(long revisionId, long runId, String projectId, String clusterId, String taskId,
                            String observedAt, @Nullable String phase, String contentHash, String rawJsonbText) {
            JsonbText.parse(rawJsonbText);
            return "{\"kind\": " + JsonbText.string(TASK_REVISION) + ", \"revision_id\": " + revisionId
                    + ", \"run_id\": " + runId + ", \"project_id\": " + JsonbText.string(projectId)
                    + ", \"cluster_id\": " + JsonbText.string(clusterId) + ", \"task_id\": " + JsonbText.string(taskId)
                    + ", \"observed_at\": " + JsonbText.string(observedAt)
                    + ", \"phase\": " + (phase == null ? "null" : JsonbText.string(phase))
                    + ", \"content_hash\": " + JsonbText.string(contentHash) + ", \"raw\": " + rawJsonbText + "}";
        }

        /** upgrade_history.revision_canonical_form: jsonb_build_object(...)::text. */
        @Override
        public String canonicalForm() {
            Map<String, Json> members = new LinkedHashMap<>();
            members.put("run_id", new JsonNumber(BigDecimal.valueOf(runId)));
            members.put("project_id", new JsonString(projectId));
            members.put("cluster_id", new JsonString(clusterId));
            members.put("task_id", new JsonString(taskId));
            members.put("observed_at", new JsonString(observedAt));
            members.put("phase", phase == null ? JsonNull.NULL : new JsonString(phase));
            members.put("raw", raw);
            return JsonbText.render(new JsonObject(members));
        }

        @Override
        public String describe() {
            return "revision " + revisionId + " (cluster " + clusterId + ", task " + taskId + ")";
        }
    }

    /**
     * A row of evidence_revision. Its {@code kind} column (precheck, snapshot, workflow, upgrade_info) is the line's
     * {@code evidence_kind}, since the line's own {@code kind} names the table.
     */
    record EvidenceRevision(long revisionId, String evidenceKind, long runId, String projectId, String clusterId,
                            String objectId, String observedAt, String contentHash, Json raw) implements RevisionLine {

        /** The line as export writes it, {@code raw} exactly as PostgreSQL rendered it (parsed first). */
        static String write(long revisionId, String evidenceKind, long runId, String projectId, String clusterId,
                            String objectId, String observedAt, String contentHash, String rawJsonbText) {
            JsonbText.parse(rawJsonbText);
            return "{\"kind\": " + JsonbText.string(EVIDENCE_REVISION) + ", \"revision_id\": " + revisionId
                    + ", \"evidence_kind\": " + JsonbText.string(evidenceKind)
                    + ", \"run_id\": " + runId + ", \"project_id\": " + JsonbText.string(projectId)
                    + ", \"cluster_id\": " + JsonbText.string(clusterId)
                    + ", \"object_id\": " + JsonbText.string(objectId)
                    + ", \"observed_at\": " + JsonbText.string(observedAt)
                    + ", \"content_hash\": " + JsonbText.string(contentHash) + ", \"raw\": " + rawJsonbText + "}";
        }

        /** upgrade_history.evidence_canonical_form: jsonb_build_object('kind', kind, ...)::text. */
        @Override
        public String canonicalForm() {
            Map<String, Json> members = new LinkedHashMap<>();
            members.put("kind", new JsonString(evidenceKind));
            members.put("run_id", new JsonNumber(BigDecimal.valueOf(runId)));
            members.put("project_id", new JsonString(projectId));
            members.put("cluster_id", new JsonString(clusterId));
            members.put("object_id", new JsonString(objectId));
            members.put("observed_at", new JsonString(observedAt));
            members.put("raw", raw);
            return JsonbText.render(new JsonObject(members));
        }

        @Override
        public String describe() {
            return "evidence revision " + revisionId + " (cluster " + clusterId + ", " + evidenceKind + " " + objectId + ")";
        }
    }
}
