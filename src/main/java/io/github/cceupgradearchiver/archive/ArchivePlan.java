package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.InvalidCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one job execution does for its run: the clusters to fetch (in the order they are dealt), and the listed
 * ones that cannot be fetched, recorded as failed. A continued run's plan leaves out what the run archived already.
 */
final class ArchivePlan {

    private final long runId;
    private final Map<String, ClusterRef> toFetch = new LinkedHashMap<>();
    private final List<InvalidCluster> invalid;
    private final int clustersTotal;
    private volatile @Nullable String witnessFailure;

    /** @param clustersTotal every cluster of the run, those archived before a continuation included */
    ArchivePlan(long runId, List<ClusterRef> toFetch, List<InvalidCluster> invalid, int clustersTotal) {
        this.runId = runId;
        toFetch.forEach(cluster -> this.toFetch.put(cluster.clusterId(), cluster));
        this.invalid = List.copyOf(invalid);
        this.clustersTotal = clustersTotal;
    }

    long runId() {
        return runId;
    }

    List<ClusterRef> toFetch() {
        return List.copyOf(toFetch.values());
    }

    List<InvalidCluster> invalid() {
        return invalid;
    }

    int clustersTotal() {
        return clustersTotal;
    }

    ClusterRef cluster(String clusterId) {
        ClusterRef cluster = toFetch.get(clusterId);
        if (cluster == null) {
            throw new IllegalArgumentException("cluster " + clusterId + " is not in the plan of run " + runId);
        }
        return cluster;
    }

    /** Why the outside witness could not record the run's seal; {@code null} when it did, or none is configured. */
    @Nullable String witnessFailure() {
        return witnessFailure;
    }

    void sealNotWitnessed(String why) {
        witnessFailure = why;
    }
}
