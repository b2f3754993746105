package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.RejectedItem;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.FailureClass;
import io.github.cceupgradearchiver.cce.TaskListBody;
import io.github.cceupgradearchiver.cce.TaskListFetch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Reads a fetched task list: every item is either archived or quarantined with its reason, so one bad
 * item never costs its siblings. A body that is not a task list fails the cluster instead, because
 * treating it as "no tasks" would delist the whole history. A body identical to the one the cluster's tasks
 * were last archived from is not read at all: it holds nothing new.
 */
final class ClusterSnapshotProcessor implements ItemProcessor<TaskListFetch, ClusterSnapshot> {

    private final UpgradeTaskNormalizer normalizer;
    private final Function<String, Optional<ArchivedResponse>> lastArchived;

    /** @param lastArchived by cluster id, the response its tasks were last archived from */
    ClusterSnapshotProcessor(UpgradeTaskNormalizer normalizer, Function<String, Optional<ArchivedResponse>> lastArchived) {
        this.normalizer = normalizer;
        this.lastArchived = lastArchived;
    }

    @Override
    public ClusterSnapshot process(TaskListFetch fetch) {
        if (fetch instanceof TaskListFetch.Failed failed) {
            return ClusterSnapshot.failed(failed.cluster(), failed.attempts(), failed.failure());
        }
        String body = ((TaskListFetch.Fetched) fetch).body();
        String bodySha256 = ArchivedResponse.sha256(body);
        var cluster = fetch.cluster();
        Optional<ArchivedResponse> last = lastArchived.apply(cluster.clusterId());
        if (last.isPresent() && last.get().sameAs(cluster.projectId(), bodySha256)) {
            return ClusterSnapshot.unchanged(cluster, fetch.attempts(), last.get());
        }
        List<TaskListBody.Item> items;
        try {
            items = TaskListBody.items(body);
        } catch (TaskListBody.NotATaskList e) {
            return badResponse(fetch, e.getMessage());
        }
        List<ArchivedTask> tasks = new ArrayList<>(items.size());
        List<RejectedItem> rejected = new ArrayList<>();
        for (TaskListBody.Item item : items) {
            var result = normalizer.normalize(item.node(), item.raw());
            if (result.task() != null) {
                tasks.add(result.task());
            } else {
                rejected.add(result.rejection());
            }
        }
        List<ArchivedTask> archived = withoutDuplicates(tasks, rejected); // adds the duplicates to rejected
        var response = new ArchivedResponse(cluster.projectId(), bodySha256, items.size(), rejected.size());
        return new ClusterSnapshot(cluster, archived, rejected, fetch.attempts(), null, response, false);
    }

    /** A uid listed twice: the newest state is archived, the others quarantined (one statement cannot upsert a key twice). */
    private static List<ArchivedTask> withoutDuplicates(List<ArchivedTask> tasks, List<RejectedItem> rejected) {
        Comparator<ArchivedTask> newestFirst = Comparator.comparing(ArchivedTask::updatedAt,
                Comparator.nullsFirst(Comparator.<java.time.Instant>naturalOrder())).reversed();
        Map<String, ArchivedTask> kept = new LinkedHashMap<>();
        for (ArchivedTask task : tasks) {
            ArchivedTask other = kept.get(task.taskId());
            if (other == null) {
                kept.put(task.taskId(), task);
                continue;
            }
            ArchivedTask winner = newestFirst.compare(task, other) < 0 ? task : other;
            ArchivedTask loser = winner == task ? other : task;
            kept.put(task.taskId(), winner);
            rejected.add(new RejectedItem(loser.taskId(), "metadata.uid listed more than once in one response; "
                    + "the state with the newest updateTimestamp was archived", loser.rawJson()));
        }
        return kept.size() == tasks.size() ? tasks : List.copyOf(kept.values());
    }

    private static ClusterSnapshot badResponse(TaskListFetch fetch, String why) {
        return ClusterSnapshot.failed(fetch.cluster(), fetch.attempts(), new ApiFailure(FailureClass.BAD_RESPONSE, 200, null, why));
    }
}
