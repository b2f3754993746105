package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Deals the run's clusters round-robin into two partitions per worker thread; each partition carries the list of
 * its cluster ids and reads them one chunk (one cluster, one transaction) at a time. Partitions, rather than one
 * step per cluster, because creating and bookkeeping a Spring Batch step costs several round trips to the database:
 * for a thousand clusters, seconds before the first fetch.
 */
class ClusterPartitioner implements Partitioner {

    // More partitions than threads, so that a partition of slow clusters does not leave the others idle; only two,
    // because Spring Batch creates each partition's step with a few round trips before the first fetch
    // (80 partitions for 20 workers took 0.3 s of a 7.5 s sweep; measured in docs/benchmarks.md).
    private static final int PARTITIONS_PER_THREAD = 2;

    private final List<ClusterRef> clusters;

    ClusterPartitioner(List<ClusterRef> clusters) {
        this.clusters = clusters;
    }

    @Override
    public Map<String, ExecutionContext> partition(int threads) {
        int partitions = Math.max(1, Math.min(clusters.size(), Math.max(1, threads) * PARTITIONS_PER_THREAD));
        List<ArrayList<String>> groups = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < clusters.size(); i++) {
            groups.get(i % partitions).add(clusters.get(i).clusterId());
        }
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int i = 0; i < partitions; i++) {
            ExecutionContext context = new ExecutionContext();
            context.put(ClusterFetchReader.CLUSTER_IDS, groups.get(i));
            contexts.put("partition-" + i, context);
        }
        return contexts;
    }
}
