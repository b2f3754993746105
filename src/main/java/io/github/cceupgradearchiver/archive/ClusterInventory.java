package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.Accounts;
import io.github.cceupgradearchiver.cce.ApiResult;
import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.DiscoveredClusters;
import io.github.cceupgradearchiver.cce.InvalidCluster;
import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clusters a run archives: the configured ones, then those discovered, each cluster id once. A cluster id is
 * one cluster in one project: twice under two projects in the configuration is a configuration error; when discovery
 * is involved, the cluster is recorded as failed, naming the projects, and archived from none.
 */
final class ClusterInventory {

    /** The clusters to fetch, and the listed ones that cannot be fetched. */
    record Inventory(List<ClusterRef> clusters, List<InvalidCluster> invalid) {
    }

    /** Discovery of a project's clusters failed, after the call policy's retries: the run cannot know what to archive. */
    static final class DiscoveryFailedException extends RuntimeException {
        DiscoveryFailedException(String projectId, String region, String failure) {
            super("cannot list the clusters of project " + projectId + " in " + region + ": " + failure
                    + "; nothing was archived");
        }
    }

    private final ArchiverProperties properties;
    private final CceApi api;

    ClusterInventory(ArchiverProperties properties, CceApi api) {
        this.properties = properties;
        this.api = api;
    }

    /** The accounts the configuration archives, sorted: {@code archive_run.scope}. */
    String scope() {
        Set<String> accounts = new TreeSet<>();
        properties.clusters().forEach(cluster -> accounts.add(Accounts.orDefault(cluster.account())));
        properties.discovery().forEach(project -> accounts.add(Accounts.orDefault(project.account())));
        return String.join(",", accounts);
    }

    /** Fails before any call on a configuration that cannot be archived: nothing to archive, or one id in two projects. */
    void checkConfiguration() {
        if (properties.clusters().isEmpty() && properties.discovery().isEmpty()) {
            throw new InvalidConfigurationException("archiver.clusters",
                    "no clusters configured: list clusters under archiver.clusters, or projects under archiver.discovery");
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < properties.clusters().size(); i++) {
            var cluster = properties.clusters().get(i);
            Integer first = firstIndex.putIfAbsent(cluster.clusterId(), i);
            if (first != null && !properties.clusters().get(first).projectId().equals(cluster.projectId())) {
                throw new InvalidConfigurationException("archiver.clusters[" + i + "].cluster-id", "cluster "
                        + cluster.clusterId() + " is listed under project " + cluster.projectId() + " and, as archiver.clusters["
                        + first + "], under project " + properties.clusters().get(first).projectId()
                        + ": a cluster id belongs to one project");
            }
        }
    }

    /** The configured clusters and those discovered, each once; {@link #checkConfiguration()} came first. */
    Inventory resolve() {
        Map<String, ClusterRef> byId = new LinkedHashMap<>();
        for (var cluster : properties.clusters()) {
            byId.putIfAbsent(cluster.clusterId(),
                    new ClusterRef(cluster.projectId(), cluster.region(), cluster.clusterId(), cluster.name(),
                            Accounts.orDefault(cluster.account())));
        }
        List<InvalidCluster> invalid = new ArrayList<>();
        Map<String, Set<String>> conflicts = new LinkedHashMap<>();
        for (var project : properties.discovery()) {
            ApiResult<DiscoveredClusters> found = api.discover(project.projectId(), project.region(),
                    Accounts.orDefault(project.account()));
            if (found instanceof ApiResult.Failed<DiscoveredClusters> failed) {
                throw new DiscoveryFailedException(project.projectId(), project.region(), failed.failure().describe());
            }
            DiscoveredClusters discovered = ((ApiResult.Answered<DiscoveredClusters>) found).answer();
            invalid.addAll(discovered.invalid());
            for (ClusterRef cluster : discovered.clusters()) {
                ClusterRef known = byId.putIfAbsent(cluster.clusterId(), cluster);
                if (known != null && !known.projectId().equals(cluster.projectId())) {
                    conflicts.computeIfAbsent(cluster.clusterId(), id -> new LinkedHashSet<>(List.of(known.projectId())))
                            .add(cluster.projectId());
                }
            }
        }
        conflicts.forEach((clusterId, projects) -> {
            ClusterRef first = byId.remove(clusterId);
            invalid.add(new InvalidCluster(first.projectId(), first.region(), clusterId, first.account(), "cluster " + clusterId
                    + " is listed under projects " + String.join(" and ", projects)
                    + ": a cluster id belongs to one project, so it is archived from neither"));
        });
        return new Inventory(new ArrayList<>(byId.values()), invalid);
    }
}
