package io.github.cceupgradearchiver.history;

import org.jspecify.annotations.Nullable;

/**
 * A seal just written: which one, how many revisions it covers, the new head digest, the fingerprint of the key
 * that signed it ({@code null}: unsigned), and why the witness could not record it ({@code null}: recorded, or no
 * witness configured).
 */
public record Seal(long sealId, long revisionCount, String digest, @Nullable String keyFingerprint,
                   @Nullable String witnessFailure) {
}
