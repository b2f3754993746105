package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.RejectedItem;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ClusterRef;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What one fetch of a cluster's task list amounts to, ready to write.
 *
 * @param attempts  calls made, retries included
 * @param failure   why nothing could be taken from the API; {@code null} when the fetch succeeded
 * @param response  the response's fingerprint and what it held, when the fetch succeeded
 * @param unchanged the response is the one the cluster's tasks were last archived from: it was not parsed,
 *                  and nothing but the fetch is recorded
 */
record ClusterSnapshot(
        ClusterRef cluster,
        List<ArchivedTask> tasks,
        List<RejectedItem> rejected,
        int attempts,
        @Nullable ApiFailure failure,
        @Nullable ArchivedResponse response,
        boolean unchanged) {

    static ClusterSnapshot failed(ClusterRef cluster, int attempts, ApiFailure failure) {
        return new ClusterSnapshot(cluster, List.of(), List.of(), attempts, failure, null, false);
    }

    static ClusterSnapshot unchanged(ClusterRef cluster, int attempts, ArchivedResponse response) {
        return new ClusterSnapshot(cluster, List.of(), List.of(), attempts, null, response, true);
    }

    boolean ok() {
        return failure == null;
    }

    /** Every uid the API listed, rejected items included: the cluster's tasks not among them are delisted. */
    Set<String> listedTaskIds() {
        return Stream.concat(tasks.stream().map(ArchivedTask::taskId),
                        rejected.stream().map(RejectedItem::taskId).filter(Objects::nonNull))
                .collect(Collectors.toSet());
    }

    int tasksSeen() {
        return response == null ? 0 : response.tasksSeen();
    }

    int tasksRejected() {
        return response == null ? 0 : response.tasksRejected();
    }
}
