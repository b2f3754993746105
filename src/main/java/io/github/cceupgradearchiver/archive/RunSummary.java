package io.github.cceupgradearchiver.archive;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A finished run as {@code archive_run} records it, plus the clusters that failed.
 *
 * @param witnessFailure why the outside witness could not record the run's seal; {@code null} when it did, or
 *                       when no witness is configured. The archive itself is complete either way.
 */
public record RunSummary(long runId, RunStatus status, Duration elapsed, int clustersTotal, int clustersFailed,
                         int tasksSeen, int tasksInserted, int tasksChanged, int tasksRejected, int tasksDelisted,
                         List<String> failedClusters, @Nullable String witnessFailure) {

    // A line stays readable when a whole region fails; cluster_fetch has every failure.
    static final int FAILED_CLUSTERS_NAMED = 20;

    /**
     * The run's exit code of SPEC.md, which the archive command exits with and its metrics report: 0 every cluster
     * archived, 3 some failed, 1 the run did not go through its clusters or its seal could not be witnessed.
     */
    public int exitCode() {
        if (witnessFailure != null) {
            return 1;
        }
        return switch (status) {
            case SUCCEEDED -> 0;
            case PARTIAL -> 3;
            case RUNNING, FAILED, STOPPED -> 1;
        };
    }

    RunSummary witnessed(@Nullable String failure) {
        return new RunSummary(runId, status, elapsed, clustersTotal, clustersFailed, tasksSeen, tasksInserted,
                tasksChanged, tasksRejected, tasksDelisted, failedClusters, failure);
    }

    /** The one line an operator reads at the end of a run. */
    public String describe() {
        return witnessFailure == null ? counts() : counts() + "; but its seal was not witnessed: " + witnessFailure;
    }

    private String counts() {
        return String.format("archive run %d %s in %.1f s: %d clusters (%d failed%s), %d tasks seen, %d new, "
                        + "%d changed, %d rejected, %d delisted",
                runId, status, elapsed.toMillis() / 1000.0, clustersTotal, clustersFailed, failedClusterNames(),
                tasksSeen, tasksInserted, tasksChanged, tasksRejected, tasksDelisted);
    }

    private String failedClusterNames() {
        if (failedClusters.isEmpty()) {
            return "";
        }
        String named = String.join(", ", failedClusters.subList(0, Math.min(FAILED_CLUSTERS_NAMED, failedClusters.size())));
        int more = failedClusters.size() - FAILED_CLUSTERS_NAMED;
        return ": " + named + (more > 0 ? " and " + more + " more (see cluster_fetch)" : "");
    }
}
