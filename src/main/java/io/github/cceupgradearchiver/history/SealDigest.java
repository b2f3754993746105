package io.github.cceupgradearchiver.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A seal's digest, computed in Java from the seal's fields and its revisions' content hashes (docs/integrity.md,
 * "The seal digest and the chain"): the SHA-256 hex of the lines previous_digest, run_id, sealed_at,
 * last_revision_id, revision_count, then each content hash in revision_id order, every line ending in {@code \n}.
 * The sealer and verify both use it; neither asks the database to hash.
 */
public final class SealDigest {

    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter SEALED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final MessageDigest sha256;

    public SealDigest(String previousDigest, long runId, Instant sealedAt, long lastRevisionId, long revisionCount) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        line(previousDigest);
        line(Long.toString(runId));
        line(timestamp(sealedAt));
        line(Long.toString(lastRevisionId));
        line(Long.toString(revisionCount));
    }

    /** The next covered revision's content hash, in revision_id order. */
    public SealDigest add(String contentHash) {
        line(contentHash);
        return this;
    }

    public String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** sealed_at as the digest and the signed message write it: UTC, to the microsecond, as PostgreSQL keeps it. */
    public static String timestamp(Instant instant) {
        return SEALED_AT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private void line(String text) {
        sha256.update(text.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
    }
}
