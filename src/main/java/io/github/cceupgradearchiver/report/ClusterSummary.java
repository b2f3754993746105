package io.github.cceupgradearchiver.report;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * One cluster's upgrades in the period, and the versions it ran when the period started and when it ended
 * ({@code v_cluster_version_history}; null when the archive has no task of the cluster).
 */
record ClusterSummary(String clusterId, String clusterName, int upgrades, int succeeded, int failed, int stuck,
                      @Nullable BigDecimal medianSeconds, @Nullable String versionAtStart,
                      @Nullable String versionAtEnd) {
}
