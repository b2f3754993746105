package io.github.cceupgradearchiver.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fleet for tests: the n-th task-list request of a cluster gets its n-th response, and the last one repeats. */
public final class ScriptedFleet implements Fleet {

    private static final String VERSION = "v1.28";

    private final Map<String, Script> scripts; // by cluster id, in the order the builder added them

    private ScriptedFleet(Map<String, Script> scripts) {
        this.scripts = Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<SimulatedCluster> clusters(String projectId) {
        return scripts.values().stream()
                .map(Script::cluster)
                .filter(cluster -> cluster.projectId().equals(projectId))
                .toList();
    }

    @Override
    public Optional<SimulatedResponse> upgradeTasks(String projectId, String clusterId, int attempt) {
        return Optional.ofNullable(scripts.get(clusterId))
                .filter(script -> script.cluster().projectId().equals(projectId))
                .map(script -> script.responses().get(Math.min(attempt, script.responses().size()) - 1));
    }

    private record Script(SimulatedCluster cluster, List<SimulatedResponse> responses) {}

    public static final class Builder {

        private final Map<String, Script> scripts = new LinkedHashMap<>();

        private Builder() {}

        public Builder cluster(String projectId, String clusterId, String name, SimulatedResponse... responsesInOrder) {
            if (responsesInOrder.length == 0) {
                throw new IllegalArgumentException("cluster " + clusterId + " needs at least one response");
            }
            if (scripts.containsKey(clusterId)) {
                throw new IllegalArgumentException("cluster " + clusterId + " is already scripted");
            }
            scripts.put(clusterId, new Script(new SimulatedCluster(projectId, clusterId, name, VERSION),
                    List.of(responsesInOrder)));
            return this;
        }

        public ScriptedFleet build() {
            return new ScriptedFleet(scripts);
        }
    }
}
