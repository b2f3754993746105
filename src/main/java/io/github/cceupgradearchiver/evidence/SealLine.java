package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.evidence.Json.JsonArray;
import io.github.cceupgradearchiver.evidence.Json.JsonNumber;
import io.github.cceupgradearchiver.evidence.Json.JsonString;
import io.github.cceupgradearchiver.history.SealDigest;
import io.github.cceupgradearchiver.history.SealHead;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of the pack's {@code seals.jsonl}: a seal as archived, the last revision id of the seal before it
 * ({@code after_revision_id}), and every revision it covers as {@code [revision_id, content_hash]}, so that its
 * digest can be recomputed without the revisions themselves.
 */
record SealLine(long sealId, long runId, String sealedAt, long afterRevisionId, long lastRevisionId,
                long revisionCount, String previousDigest, String digest, @Nullable String signature,
                @Nullable String keyFingerprint, List<Covered> covers) {

    /** A revision a seal covers. */
    record Covered(long revisionId, String contentHash) {
    }

    String write() {
        StringBuilder line = new StringBuilder(200 + covers.size() * 80);
        line.append("{\"seal_id\": ").append(sealId).append(", \"run_id\": ").append(runId)
                .append(", \"sealed_at\": ").append(JsonbText.string(sealedAt))
                .append(", \"after_revision_id\": ").append(afterRevisionId)
                .append(", \"last_revision_id\": ").append(lastRevisionId)
                .append(", \"revision_count\": ").append(revisionCount)
                .append(", \"previous_digest\": ").append(JsonbText.string(previousDigest))
                .append(", \"digest\": ").append(JsonbText.string(digest))
                .append(", \"signature\": ").append(signature == null ? "null" : JsonbText.string(signature))
                .append(", \"key_fingerprint\": ").append(keyFingerprint == null ? "null" : JsonbText.string(keyFingerprint))
                .append(", \"covers\": [");
        for (int i = 0; i < covers.size(); i++) {
            line.append(i == 0 ? "" : ", ").append('[').append(covers.get(i).revisionId()).append(", ")
                    .append(JsonbText.string(covers.get(i).contentHash())).append(']');
        }
        return line.append("]}").toString();
    }

    static SealLine read(String text) {
        PackJson json = PackJson.of(JsonbText.parse(text));
        List<Covered> covers = new ArrayList<>();
        for (Json element : json.array("covers")) {
            if (element instanceof JsonArray pair && pair.elements().size() == 2
                    && pair.elements().get(0) instanceof JsonNumber id && pair.elements().get(1) instanceof JsonString hash) {
                try {
                    covers.add(new Covered(id.value().longValueExact(), hash.value()));
                    continue;
                } catch (ArithmeticException e) {
                    // falls through to the error below
                }
            }
            throw new IllegalArgumentException("\"covers\" holds something other than [revision_id, content_hash]");
        }
        SealLine seal = new SealLine(json.number("seal_id"), json.number("run_id"), json.text("sealed_at"),
                json.number("after_revision_id"), json.number("last_revision_id"), json.number("revision_count"),
                json.text("previous_digest"), json.text("digest"), json.nullableText("signature"),
                json.nullableText("key_fingerprint"), covers);
        seal.instant(); // a sealed_at that is no instant is a malformed line, not a digest mismatch
        return seal;
    }

    Instant instant() {
        try {
            return Instant.parse(sealedAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"sealed_at\" is not a UTC timestamp: " + sealedAt);
        }
    }

    /** The digest recomputed from this line, as the sealer computed it (docs/integrity.md). */
    String recomputedDigest() {
        SealDigest recomputed = new SealDigest(previousDigest, runId, instant(), lastRevisionId, revisionCount);
        covers.forEach(covered -> recomputed.add(covered.contentHash()));
        return recomputed.hex();
    }

    SealHead head() {
        return new SealHead(sealId, runId, instant(), digest, signature, keyFingerprint);
    }
}
