package io.github.cceupgradearchiver.simulator;

import io.github.cceupgradearchiver.config.ClusterFamily;
import java.util.List;

/** The JSON of a clusters list (Autopilot or standard), reduced to the fields the archiver and the SDK model care about. */
record ClusterList(String kind, String apiVersion, List<Cluster> items) {

    static ClusterList of(List<SimulatedCluster> clusters) {
        return new ClusterList("List", "v3", clusters.stream()
                .map(cluster -> new Cluster("Cluster", "v3", new Metadata(cluster.clusterId(), cluster.name()),
                        cluster.family() == ClusterFamily.AUTOPILOT
                                ? new Spec("Turbo", "VirtualMachine", "cce.autopilot.cluster", cluster.version())
                                : new Spec("CCE", "VirtualMachine", "cce.s1.small", cluster.version()),
                        new Status("Available")))
                .toList());
    }

    record Cluster(String kind, String apiVersion, Metadata metadata, Spec spec, Status status) {}

    record Metadata(String uid, String name) {}

    record Spec(String category, String type, String flavor, String version) {}

    record Status(String phase) {}
}
