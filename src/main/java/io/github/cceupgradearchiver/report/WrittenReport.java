package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.history.Verification;
import java.nio.file.Path;

/**
 * A report on disk: where, its SHA-256 (lower-case hex) for the auditor to record, what it covers, and the
 * archive's integrity verdict it states.
 */
public record WrittenReport(Path output, String sha256, int clusters, int upgrades, int failed, int stuck,
                            Verification verification) {
}
