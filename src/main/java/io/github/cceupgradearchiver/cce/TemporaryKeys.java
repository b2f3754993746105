package io.github.cceupgradearchiver.cce;

import java.time.Instant;

/** Keys that IAM's assume-role issued for an agency, and when they stop working. */
record TemporaryKeys(CloudCredentials credentials, Instant expiresAt) {
}
