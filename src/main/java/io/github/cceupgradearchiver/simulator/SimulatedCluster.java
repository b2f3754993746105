package io.github.cceupgradearchiver.simulator;

import io.github.cceupgradearchiver.config.ClusterFamily;

/**
 * A cluster as the clusters list shows it; {@code version} is the Kubernetes minor version such as "v1.28". It exists
 * in one family: the other family's paths answer 404 for it, as CCE's do.
 */
public record SimulatedCluster(String projectId, String clusterId, String name, String version, ClusterFamily family) {

    /** An Autopilot cluster. */
    public SimulatedCluster(String projectId, String clusterId, String name, String version) {
        this(projectId, clusterId, name, version, ClusterFamily.AUTOPILOT);
    }
}
