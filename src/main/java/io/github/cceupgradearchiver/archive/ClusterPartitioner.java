package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per cluster. Spring Batch then records each cluster's step on its own, so a restart
 * skips the clusters already archived, and the task executor bounds how many are fetched at once.
 */
class ClusterPartitioner implements Partitioner {

    static final String PROJECT_ID = "projectId";
    static final String REGION = "region";
    static final String CLUSTER_ID = "clusterId";
    static final String NAME = "name";

    private final List<ClusterRef> clusters;

    ClusterPartitioner(List<ClusterRef> clusters) {
        this.clusters = clusters;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (ClusterRef cluster : clusters) {
            ExecutionContext context = new ExecutionContext();
            context.putString(PROJECT_ID, cluster.projectId());
            context.putString(REGION, cluster.region());
            context.putString(CLUSTER_ID, cluster.clusterId());
            if (cluster.name() != null) {
                context.putString(NAME, cluster.name());
            }
            partitions.put("cluster-" + cluster.clusterId(), context);
        }
        return partitions;
    }

    static ClusterRef clusterOf(ExecutionContext context) {
        return new ClusterRef(context.getString(PROJECT_ID), context.getString(REGION),
                context.getString(CLUSTER_ID), context.containsKey(NAME) ? context.getString(NAME) : null);
    }
}
