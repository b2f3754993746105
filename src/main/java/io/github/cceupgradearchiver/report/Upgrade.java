package io.github.cceupgradearchiver.report;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One upgrade task of the period, as {@code v_upgrade} shows it, with the problem {@code v_failed_upgrade} found and
 * its evidence.
 *
 * @param howLongSeconds for a problem: how long a failed upgrade ran, or how long a stuck one has been running
 */
record Upgrade(String taskId, String clusterId, String clusterName, @Nullable String sourceVersion,
               @Nullable String targetVersion, @Nullable String phase, Instant createdAt, @Nullable Instant completedAt,
               @Nullable BigDecimal durationSeconds, boolean listed, @Nullable Problem problem,
               @Nullable BigDecimal howLongSeconds, UpgradeEvidence evidence) {

    /** An upgrade without any evidence linked. */
    Upgrade(String taskId, String clusterId, String clusterName, @Nullable String sourceVersion,
            @Nullable String targetVersion, @Nullable String phase, Instant createdAt, @Nullable Instant completedAt,
            @Nullable BigDecimal durationSeconds, boolean listed, @Nullable Problem problem,
            @Nullable BigDecimal howLongSeconds) {
        this(taskId, clusterId, clusterName, sourceVersion, targetVersion, phase, createdAt, completedAt, durationSeconds,
                listed, problem, howLongSeconds, UpgradeEvidence.NONE);
    }

    enum Problem { FAILED, STUCK }

    boolean succeeded() {
        return "Success".equals(phase);
    }
}
