package io.github.cceupgradearchiver.simulator;

import io.github.cceupgradearchiver.config.ClusterFamily;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Several fleets, each serving its own project: the projects of several simulated accounts. */
public record ProjectFleets(Map<String, Fleet> byProject) implements Fleet {

    public ProjectFleets {
        byProject = Map.copyOf(byProject);
    }

    @Override
    public List<SimulatedCluster> clusters(String projectId) {
        Fleet fleet = byProject.get(projectId);
        return fleet == null ? List.of() : fleet.clusters(projectId);
    }

    @Override
    public Optional<SimulatedResponse> upgradeTasks(String projectId, String clusterId, int attempt) {
        Fleet fleet = byProject.get(projectId);
        return fleet == null ? Optional.empty() : fleet.upgradeTasks(projectId, clusterId, attempt);
    }

    @Override
    public Optional<SimulatedResponse> clustersList(String projectId, int attempt) {
        Fleet fleet = byProject.get(projectId);
        return fleet == null ? Optional.empty() : fleet.clustersList(projectId, attempt);
    }

    @Override
    public ClusterFamily family(String projectId, String clusterId) {
        Fleet fleet = byProject.get(projectId);
        return fleet == null ? Fleet.super.family(projectId, clusterId) : fleet.family(projectId, clusterId);
    }

    @Override
    public Optional<SimulatedResponse> evidence(String projectId, String clusterId, EvidenceCall call, int attempt) {
        Fleet fleet = byProject.get(projectId);
        return fleet == null ? Fleet.super.evidence(projectId, clusterId, call, attempt)
                : fleet.evidence(projectId, clusterId, call, attempt);
    }
}
