package io.github.cceupgradearchiver.simulator;

import io.github.cceupgradearchiver.config.ClusterFamily;
import java.util.List;
import java.util.Optional;

/** The clusters behind the simulated API and what their upgrade-task list and evidence calls answer. */
public interface Fleet {

    /** Clusters of the project, in the order the clusters list shows them. */
    List<SimulatedCluster> clusters(String projectId);

    /**
     * The answer to the {@code attempt}-th task-list request for the cluster (1 for the first). Every request the
     * simulator routes here counts, even one it rejects for its signature or an injected fault. Empty means the
     * cluster is unknown, answered with CCE's 404.
     */
    Optional<SimulatedResponse> upgradeTasks(String projectId, String clusterId, int attempt);

    /**
     * The answer to the {@code attempt}-th clusters-list request for the project, when it is not simply
     * {@link #clusters(String)} as the API lists them (a fleet that throttles discovery, say). Empty by default.
     */
    default Optional<SimulatedResponse> clustersList(String projectId, int attempt) {
        return Optional.empty();
    }

    /** The family a cluster of the project belongs to: its other family's paths answer 404. Autopilot by default. */
    default ClusterFamily family(String projectId, String clusterId) {
        return ClusterFamily.AUTOPILOT;
    }

    /**
     * The answer to the {@code attempt}-th request of one kind of evidence for the cluster (counted per kind). By
     * default an empty list (or empty upgrade info): a fleet that knows no evidence.
     */
    default Optional<SimulatedResponse> evidence(String projectId, String clusterId, EvidenceCall call, int attempt) {
        return Optional.of(SimulatedResponse.ok(call.empty()));
    }
}
