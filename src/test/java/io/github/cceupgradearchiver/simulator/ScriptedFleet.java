package io.github.cceupgradearchiver.simulator;

import io.github.cceupgradearchiver.config.ClusterFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet for tests: the n-th task-list request of a cluster gets its n-th response, and the last one repeats. A
 * cluster can also be only listed (an id no client should ever call), and a project's clusters list scripted.
 */
public final class ScriptedFleet implements Fleet {

    private static final String VERSION = "v1.28";

    private final List<SimulatedCluster> listed;
    private final Map<String, List<SimulatedResponse>> scripts; // by project and cluster id
    private final Map<String, List<SimulatedResponse>> clusterLists; // by project
    private final Map<String, List<SimulatedResponse>> evidence; // by project, cluster id and call

    private ScriptedFleet(Builder builder) {
        this.listed = List.copyOf(builder.listed);
        this.scripts = Map.copyOf(builder.scripts);
        this.clusterLists = Map.copyOf(builder.clusterLists);
        this.evidence = Map.copyOf(builder.evidence);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<SimulatedCluster> clusters(String projectId) {
        return listed.stream().filter(cluster -> cluster.projectId().equals(projectId)).toList();
    }

    @Override
    public Optional<SimulatedResponse> upgradeTasks(String projectId, String clusterId, int attempt) {
        return Optional.ofNullable(scripts.get(projectId + "/" + clusterId)).map(responses -> nth(responses, attempt));
    }

    @Override
    public Optional<SimulatedResponse> clustersList(String projectId, int attempt) {
        return Optional.ofNullable(clusterLists.get(projectId)).map(responses -> nth(responses, attempt));
    }

    @Override
    public ClusterFamily family(String projectId, String clusterId) {
        return listed.stream().filter(cluster -> cluster.projectId().equals(projectId) && cluster.clusterId().equals(clusterId))
                .map(SimulatedCluster::family).findFirst().orElse(ClusterFamily.AUTOPILOT);
    }

    /** The scripted evidence, else none (an empty list), as a fleet without evidence answers. */
    @Override
    public Optional<SimulatedResponse> evidence(String projectId, String clusterId, EvidenceCall call, int attempt) {
        List<SimulatedResponse> responses = evidence.get(projectId + "/" + clusterId + "/" + call);
        return responses == null ? Fleet.super.evidence(projectId, clusterId, call, attempt)
                : Optional.of(nth(responses, attempt));
    }

    private static SimulatedResponse nth(List<SimulatedResponse> responses, int attempt) {
        return responses.get(Math.min(attempt, responses.size()) - 1);
    }

    public static final class Builder {

        private final List<SimulatedCluster> listed = new ArrayList<>();
        private final Map<String, List<SimulatedResponse>> scripts = new LinkedHashMap<>();
        private final Map<String, List<SimulatedResponse>> clusterLists = new HashMap<>();
        private final Map<String, List<SimulatedResponse>> evidence = new HashMap<>();

        private Builder() {}

        public Builder cluster(String projectId, String clusterId, String name, SimulatedResponse... responsesInOrder) {
            if (responsesInOrder.length == 0) {
                throw new IllegalArgumentException("cluster " + clusterId + " needs at least one response");
            }
            if (scripts.putIfAbsent(projectId + "/" + clusterId, List.of(responsesInOrder)) != null) {
                throw new IllegalArgumentException("cluster " + clusterId + " is already scripted in " + projectId);
            }
            return listed(projectId, clusterId, name);
        }

        /** A cluster the clusters list shows; without a script, a call for it is answered 404. */
        public Builder listed(String projectId, String clusterId, String name) {
            listed.add(new SimulatedCluster(projectId, clusterId, name, VERSION));
            return this;
        }

        /** A standard (or Turbo) cluster: served under /api only. */
        public Builder standard(String projectId, String clusterId, String name, SimulatedResponse... responsesInOrder) {
            cluster(projectId, clusterId, name, responsesInOrder);
            listed.set(listed.size() - 1, new SimulatedCluster(projectId, clusterId, name, VERSION, ClusterFamily.STANDARD));
            return this;
        }

        /** The cluster's answers to one evidence call, in order (the last one repeats). */
        public Builder evidence(String projectId, String clusterId, EvidenceCall call, SimulatedResponse... responsesInOrder) {
            evidence.put(projectId + "/" + clusterId + "/" + call, List.of(responsesInOrder));
            return this;
        }

        /** The project's clusters-list answers, in order (the last one repeats), instead of the listed clusters. */
        public Builder clustersList(String projectId, SimulatedResponse... responsesInOrder) {
            clusterLists.put(projectId, List.of(responsesInOrder));
            return this;
        }

        /** The clusters list as the API writes it, for the project's listed clusters so far. */
        public SimulatedResponse listOf(String projectId) {
            return SimulatedResponse.ok(Json.write(ClusterList.of(listed.stream()
                    .filter(cluster -> cluster.projectId().equals(projectId)).toList())));
        }

        public ScriptedFleet build() {
            return new ScriptedFleet(this);
        }
    }
}
