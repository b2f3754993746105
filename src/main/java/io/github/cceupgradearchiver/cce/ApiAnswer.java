package io.github.cceupgradearchiver.cce;

import java.time.Instant;

/** A 200 answer: its body exactly as received (decompressed), and when it was received, the archive's "now" for it. */
public record ApiAnswer(String body, Instant receivedAt) {
}
