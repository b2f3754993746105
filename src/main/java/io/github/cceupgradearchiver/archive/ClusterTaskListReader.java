package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.TaskListFetch;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one partition's cluster: a single page, the cluster's whole task list (the API does not paginate).
 * A failed call is an item too, so that the failure is recorded rather than failing the step.
 * <p>
 * Whether the page was read is saved with the chunk, so a restarted partition does not fetch again what it
 * already committed. When the process is stopping, the partition ends STOPPED without writing (a restart
 * redoes it) instead of recording a failure that only the stop caused.
 */
class ClusterTaskListReader implements ItemStreamReader<TaskListFetch> {

    private static final String FETCHED = "fetched";

    private final CceApi api;
    private final ClusterRef cluster;
    private final StepExecution stepExecution;
    private final StopSignal stop;
    private boolean fetched;

    ClusterTaskListReader(CceApi api, StepExecution stepExecution, StopSignal stop) {
        this.api = api;
        this.cluster = ClusterPartitioner.clusterOf(stepExecution.getExecutionContext());
        this.stepExecution = stepExecution;
        this.stop = stop;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        fetched = executionContext.containsKey(FETCHED) && executionContext.getString(FETCHED).equals("true");
    }

    @Override
    public void update(ExecutionContext executionContext) {
        executionContext.putString(FETCHED, String.valueOf(fetched));
    }

    @Override
    public @Nullable TaskListFetch read() {
        if (fetched || stopping()) {
            return null;
        }
        TaskListFetch fetch = api.fetchUpgradeTasks(cluster);
        if (fetch instanceof TaskListFetch.Failed failed && failed.failure().isTransient() && stopping()) {
            return null;
        }
        fetched = true;
        return fetch;
    }

    private boolean stopping() {
        if (stop.requested()) {
            stepExecution.setTerminateOnly();
            return true;
        }
        return false;
    }
}
