package io.github.cceupgradearchiver.history;

/** A seal just written: which one, how many revisions it covers, and the new head digest. */
public record Seal(long sealId, long revisionCount, String digest) {
}
