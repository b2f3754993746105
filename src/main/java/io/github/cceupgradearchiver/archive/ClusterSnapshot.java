package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.RejectedItem;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ClusterRef;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one fetch of a cluster's task list amounts to, ready to write.
 *
 * @param listedTaskIds every uid the API listed, rejected items included: tasks not among them are delisted
 * @param attempts      calls made, retries included
 * @param failure       why nothing could be taken from the API; {@code null} when the fetch succeeded
 * @param response      the response's fingerprint, when the fetch succeeded
 * @param unchanged     the response is the one the cluster's tasks were last archived from: it was not parsed,
 *                      and nothing but the fetch is recorded
 */
record ClusterSnapshot(
        ClusterRef cluster,
        List<ArchivedTask> tasks,
        List<RejectedItem> rejected,
        Set<String> listedTaskIds,
        int attempts,
        @Nullable ApiFailure failure,
        @Nullable ArchivedResponse response,
        boolean unchanged) {

    static ClusterSnapshot failed(ClusterRef cluster, int attempts, ApiFailure failure) {
        return new ClusterSnapshot(cluster, List.of(), List.of(), Set.of(), attempts, failure, null, false);
    }

    static ClusterSnapshot unchanged(ClusterRef cluster, int attempts, ArchivedResponse response) {
        return new ClusterSnapshot(cluster, List.of(), List.of(), Set.of(), attempts, null, response, true);
    }

    boolean ok() {
        return failure == null;
    }

    int tasksSeen() {
        return unchanged ? response.tasksSeen() : tasks.size() + rejected.size();
    }

    int tasksRejected() {
        return unchanged ? response.tasksRejected() : rejected.size();
    }
}
