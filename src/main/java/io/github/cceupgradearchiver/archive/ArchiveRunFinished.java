package io.github.cceupgradearchiver.archive;

/** Published when an archive run has ended and been recorded, whatever its outcome: monitoring listens for it. */
public record ArchiveRunFinished(RunSummary summary) {
}
