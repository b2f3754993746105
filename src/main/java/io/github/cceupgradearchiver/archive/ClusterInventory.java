package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.Accounts;
import io.github.cceupgradearchiver.cce.ApiResult;
import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.DiscoveredClusters;
import io.github.cceupgradearchiver.cce.InvalidCluster;
import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.config.ClusterFamily;
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
 * one cluster in one project and one family: twice under two projects or families in the configuration is a
 * configuration error; when discovery is involved, the cluster is recorded as failed, naming where it was listed,
 * and archived from none (its rows would otherwise mix two clusters' histories under one id). A project whose clusters
 * of a family cannot be listed is recorded as one failed entry in their place, and the run goes on with the rest.
 */
final class ClusterInventory {

    /** The clusters to fetch, and the listed ones that cannot be fetched. */
    record Inventory(List<ClusterRef> clusters, List<InvalidCluster> invalid) {
    }

    private static String where(ClusterRef cluster) {
        return "project " + cluster.projectId() + " (" + cluster.family().value() + ")";
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
            if (first == null) {
                continue;
            }
            var earlier = properties.clusters().get(first);
            if (!earlier.projectId().equals(cluster.projectId())) {
                throw new InvalidConfigurationException("archiver.clusters[" + i + "].cluster-id", "cluster "
                        + cluster.clusterId() + " is listed under project " + cluster.projectId() + " and, as archiver.clusters["
                        + first + "], under project " + earlier.projectId() + ": a cluster id belongs to one project");
            }
            if (earlier.family() != cluster.family()) {
                throw new InvalidConfigurationException("archiver.clusters[" + i + "].family", "cluster "
                        + cluster.clusterId() + " is listed as " + cluster.family().value() + " and, as archiver.clusters["
                        + first + "], as " + earlier.family().value() + ": a cluster belongs to one family");
            }
        }
    }

    /** The configured clusters and those discovered, each once; {@link #checkConfiguration()} came first. */
    Inventory resolve() {
        Map<String, ClusterRef> byId = new LinkedHashMap<>();
        for (var cluster : properties.clusters()) {
            byId.putIfAbsent(cluster.clusterId(),
                    new ClusterRef(cluster.projectId(), cluster.region(), cluster.clusterId(), cluster.name(),
                            cluster.family(), Accounts.orDefault(cluster.account())));
        }
        List<InvalidCluster> invalid = new ArrayList<>();
        Map<String, Set<String>> conflicts = new LinkedHashMap<>();
        for (var project : properties.discovery()) {
            for (ClusterFamily family : project.families().stream().distinct().toList()) {
                ApiResult<DiscoveredClusters> found = api.discover(project.projectId(), project.region(), family,
                        Accounts.orDefault(project.account()));
                if (found instanceof ApiResult.Failed<DiscoveredClusters> failed) {
                    // one account's refusal or one region's outage must not stop the others' archive
                    invalid.add(InvalidCluster.unlisted(project.projectId(), project.region(), family,
                            Accounts.orDefault(project.account()), failed.failure()));
                    continue;
                }
                DiscoveredClusters discovered = ((ApiResult.Answered<DiscoveredClusters>) found).answer();
                invalid.addAll(discovered.invalid());
                for (ClusterRef cluster : discovered.clusters()) {
                    ClusterRef known = byId.putIfAbsent(cluster.clusterId(), cluster);
                    if (known != null && !(known.projectId().equals(cluster.projectId()) && known.family() == cluster.family())) {
                        conflicts.computeIfAbsent(cluster.clusterId(), id -> new LinkedHashSet<>(List.of(where(known))))
                                .add(where(cluster));
                    }
                }
            }
        }
        conflicts.forEach((clusterId, places) -> {
            ClusterRef first = byId.remove(clusterId);
            invalid.add(new InvalidCluster(first.projectId(), first.region(), clusterId, first.account(), "cluster "
                    + clusterId + " is listed under " + String.join(" and under ", places)
                    + ": a cluster id belongs to one project and one family, so it is archived from neither",
                    first.family()));
        });
        return new Inventory(new ArrayList<>(byId.values()), invalid);
    }
}
