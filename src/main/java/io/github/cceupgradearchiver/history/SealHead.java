package io.github.cceupgradearchiver.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A seal as it is signed and witnessed: which seal, of which run, when, its digest (which covers the whole chain
 * up to it), and the signature with the signing key's fingerprint ({@code null} both when no key was configured).
 */
public record SealHead(long sealId, long runId, Instant sealedAt, String digest, @Nullable String signature,
                       @Nullable String keyFingerprint) {

    /** The first line of every signed message: the key signs seals of this archiver and nothing else. */
    static final String MESSAGE_HEADER = "cce-upgrade-archiver seal v1";

    /**
     * The bytes the signature is over (docs/integrity.md, "The signed message"): ASCII lines, each ending in
     * {@code \n}: the header, seal_id, run_id, sealed_at as in the digest, and the digest.
     */
    public byte[] signedMessage() {
        return (MESSAGE_HEADER + "\n" + sealId + "\n" + runId + "\n" + SealDigest.timestamp(sealedAt) + "\n" + digest + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    SealHead signedBy(SealSigner signer) {
        return new SealHead(sealId, runId, sealedAt, digest, signer.sign(signedMessage()), signer.fingerprint());
    }

    public boolean signed() {
        return signature != null;
    }

    /** Short, for logs and verdicts: "seal 12 (run 7, 2024-05-01T02:17:03.123456Z, digest 3f9c…)". */
    public String describe() {
        return "seal " + sealId + " (run " + runId + ", sealed " + SealDigest.timestamp(sealedAt) + ", digest " + digest + ")";
    }
}
