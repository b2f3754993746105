package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.TaskListFetch;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads one partition's cluster: a single page, the cluster's whole task list (the API does not paginate).
 * A failed call is an item too, so that the failure is recorded rather than failing the step.
 */
class ClusterTaskListReader implements ItemReader<TaskListFetch> {

    private final CceApi api;
    private final ClusterRef cluster;
    private boolean read;

    ClusterTaskListReader(CceApi api, ClusterRef cluster) {
        this.api = api;
        this.cluster = cluster;
    }

    @Override
    public @Nullable TaskListFetch read() {
        if (read) {
            return null;
        }
        read = true;
        return api.fetchUpgradeTasks(cluster);
    }
}
