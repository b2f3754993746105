package io.github.cceupgradearchiver.report;

import org.jspecify.annotations.Nullable;

/**
 * How well the archive followed one cluster in the period.
 *
 * @param lastFailure            error class of the period's last failed fetch, null when none failed
 * @param daysWithoutSuccess     days of the period, from the cluster's first fetch on and ended by the time of
 *                               the report, on which no fetch of the cluster succeeded: gaps in the archive
 * @param accounts               the accounts ({@code cluster_fetch.account}) whose keys fetched it in the period,
 *                               comma-separated; null when it was not fetched
 */
record ClusterCoverage(String clusterId, String clusterName, int successfulFetches, int failedFetches,
                       @Nullable String lastFailure, int daysWithoutSuccess, @Nullable String accounts) {
}
