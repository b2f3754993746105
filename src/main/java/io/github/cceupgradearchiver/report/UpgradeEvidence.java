package io.github.cceupgradearchiver.report;

import org.jspecify.annotations.Nullable;

/**
 * The evidence linked to one upgrade (the report links it from the base tables itself, as {@code v_upgrade_evidence}
 * does): its workflow, its pre-check with the pre-check's warnings, risks and skipped checks, its snapshot, and how
 * each was linked ({@code workflow} or {@code time}; null when none was found).
 */
record UpgradeEvidence(@Nullable String workflowId, @Nullable String precheckTaskId, @Nullable String precheckPhase,
                       @Nullable String precheckLink, int warnings, int risks, int skipped,
                       @Nullable String snapshotTaskId, @Nullable String snapshotPhase, @Nullable String snapshotLink) {

    static final UpgradeEvidence NONE = new UpgradeEvidence(null, null, null, null, 0, 0, 0, null, null, null);

    boolean prechecked() {
        return "Success".equals(precheckPhase);
    }

    boolean backedUp() {
        return "Success".equals(snapshotPhase);
    }
}
