package io.github.cceupgradearchiver.cce;

import java.util.List;

/** What one project's clusters list held: the clusters to archive, and the entries that cannot be archived. */
public record DiscoveredClusters(List<ClusterRef> clusters, List<InvalidCluster> invalid) {

    public DiscoveredClusters {
        clusters = List.copyOf(clusters);
        invalid = List.copyOf(invalid);
    }
}
