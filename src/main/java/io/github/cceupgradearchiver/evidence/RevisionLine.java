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
 * canonical form, its stored content hash, and {@code raw} as PostgreSQL's jsonb text. {@code kind} names the table
 * (today {@code upgrade_task_revision}), so that other kinds of revision sealed in the same chain can join the file.
 */
record RevisionLine(String kind, long revisionId, long runId, String projectId, String clusterId, String taskId,
                    String observedAt, @Nullable String phase, String contentHash, Json raw) {

    static final String TASK_REVISION = "upgrade_task_revision";

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

    /** A line of revisions.jsonl; an IllegalArgumentException saying what is wrong with it. */
    static RevisionLine read(String line) {
        PackJson json = PackJson.of(JsonbText.parse(line));
        return new RevisionLine(json.text("kind"), json.number("revision_id"), json.number("run_id"),
                json.text("project_id"), json.text("cluster_id"), json.text("task_id"), json.text("observed_at"),
                json.nullableText("phase"), json.text("content_hash"), json.value("raw"));
    }

    /** docs/integrity.md, "The canonical form of a revision": jsonb_build_object(...)::text, recomputed in Java. */
    String canonicalForm() {
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

    String recomputedHash() {
        return Sha256.hex(canonicalForm().getBytes(StandardCharsets.UTF_8));
    }

    String describe() {
        return "revision " + revisionId + " (cluster " + clusterId + ", task " + taskId + ")";
    }
}
