package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.TaskListFetch;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads a partition's clusters, one page each: a cluster's whole task list (the API does not paginate).
 * A failed call is an item too, so that the failure is recorded rather than failing the step.
 * <p>
 * How many clusters were read is saved with each chunk, so a restarted partition goes on after the last
 * cluster it committed. When the process is stopping, the partition ends STOPPED without taking another
 * cluster, and without recording a failure that only the stop caused: a restart redoes that cluster.
 */
class ClusterTaskListReader implements ItemStreamReader<TaskListFetch> {

    private static final Logger log = LoggerFactory.getLogger("archive");
    private static final String NEXT = "next";

    private final CceApi api;
    private final StepExecution stepExecution;
    private final Map<String, ClusterRef> clustersById;
    private final StopSignal stop;
    private List<String> clusterIds = List.of();
    private int next;

    ClusterTaskListReader(CceApi api, StepExecution stepExecution, Map<String, ClusterRef> clustersById, StopSignal stop) {
        this.api = api;
        this.stepExecution = stepExecution;
        this.clustersById = clustersById;
        this.stop = stop;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        String ids = executionContext.getString(ClusterPartitioner.CLUSTER_IDS);
        clusterIds = ids.isEmpty() ? List.of() : List.of(ids.split(","));
        next = executionContext.containsKey(NEXT) ? executionContext.getInt(NEXT) : 0;
    }

    @Override
    public void update(ExecutionContext executionContext) {
        executionContext.putInt(NEXT, next);
    }

    @Override
    public @Nullable TaskListFetch read() {
        while (next < clusterIds.size()) {
            if (stopping()) {
                return null;
            }
            ClusterRef cluster = clustersById.get(clusterIds.get(next));
            if (cluster == null) {
                // Only on a restart after discovery stopped listing the cluster: there is nothing left to ask.
                log.warn("cluster {} is no longer configured or discovered; the resumed run skips it", clusterIds.get(next));
                next++;
                continue;
            }
            TaskListFetch fetch = api.fetchUpgradeTasks(cluster);
            if (fetch instanceof TaskListFetch.Failed failed && failed.failure().isTransient() && stopping()) {
                return null;
            }
            next++;
            return fetch;
        }
        return null;
    }

    private boolean stopping() {
        if (stop.requested()) {
            stepExecution.setTerminateOnly();
            return true;
        }
        return false;
    }
}
