package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The clusters a run archives: the configured ones, then those discovered, each cluster once. */
final class ClusterInventory {

    private final ArchiverProperties properties;
    private final CceApi api;

    ClusterInventory(ArchiverProperties properties, CceApi api) {
        this.properties = properties;
        this.api = api;
    }

    /** Fails before any call when nothing is configured: an empty run would look like success. */
    void requireSomethingToArchive() {
        if (properties.clusters().isEmpty() && properties.discovery().isEmpty()) {
            throw new InvalidConfigurationException("archiver.clusters",
                    "no clusters configured: list clusters under archiver.clusters, or projects under archiver.discovery");
        }
    }

    /** The configured clusters and those discovered, each once; {@link #requireSomethingToArchive()} came first. */
    List<ClusterRef> resolve() {
        Map<String, ClusterRef> byId = new LinkedHashMap<>();
        for (var cluster : properties.clusters()) {
            byId.putIfAbsent(cluster.clusterId(),
                    new ClusterRef(cluster.projectId(), cluster.region(), cluster.clusterId(), cluster.name()));
        }
        for (var project : properties.discovery()) {
            for (ClusterRef found : api.listClusters(project.projectId(), project.region())) {
                byId.putIfAbsent(found.clusterId(), found);
            }
        }
        return new ArrayList<>(byId.values());
    }
}
