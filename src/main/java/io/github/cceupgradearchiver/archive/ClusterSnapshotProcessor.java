package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.FailureClass;
import io.github.cceupgradearchiver.cce.ParseResult;
import io.github.cceupgradearchiver.cce.RejectedItem;
import io.github.cceupgradearchiver.cce.TaskListBody;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Reads a fetched task list: every item is either archived or quarantined with its reason, so one bad
 * item never costs its siblings. A body that is not a task list fails the cluster instead, because
 * treating it as "no tasks" would delist the whole history. Pure: what to read came from the reader, "now" with
 * the answer.
 */
final class ClusterSnapshotProcessor implements ItemProcessor<ClusterFetch, ClusterSnapshot> {

    private final UpgradeTaskNormalizer normalizer;

    ClusterSnapshotProcessor(UpgradeTaskNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    @Override
    public ClusterSnapshot process(ClusterFetch fetch) {
        if (fetch instanceof ClusterFetch.Failed failed) {
            return new ClusterSnapshot.Failed(failed.cluster(), failed.attempts(), failed.failure());
        }
        if (fetch instanceof ClusterFetch.Unchanged unchanged) {
            return new ClusterSnapshot.Unchanged(unchanged.cluster(), unchanged.attempts(), unchanged.response());
        }
        var fetched = (ClusterFetch.Fetched) fetch;
        var cluster = fetched.cluster();
        ParseResult<List<TaskListBody.Item>> body = TaskListBody.items(fetched.answer().body());
        if (body instanceof ParseResult.Unreadable<List<TaskListBody.Item>> unreadable) {
            return new ClusterSnapshot.Failed(cluster, fetched.attempts(),
                    new ApiFailure(FailureClass.BAD_RESPONSE, 200, null, unreadable.reason()));
        }
        List<TaskListBody.Item> items = ((ParseResult.Parsed<List<TaskListBody.Item>>) body).value();
        Instant receivedAt = fetched.answer().receivedAt();
        List<ArchivedTask> tasks = new ArrayList<>(items.size());
        List<RejectedItem> rejected = new ArrayList<>();
        for (TaskListBody.Item item : items) {
            var result = normalizer.normalize(item.node(), item.raw(), receivedAt);
            if (result instanceof UpgradeTaskNormalizer.Normalized normalized) {
                tasks.add(normalized.task());
            } else {
                rejected.add(((UpgradeTaskNormalizer.Rejected) result).item());
            }
        }
        Set<String> listed = new HashSet<>();
        tasks.forEach(task -> listed.add(task.taskId()));
        boolean complete = true;
        for (RejectedItem item : rejected) {
            if (item.taskId() == null) {
                complete = false; // an item without a readable uid may be any task: delisting from this response would guess
            } else {
                listed.add(item.taskId());
            }
        }
        List<ArchivedTask> archived = withoutDuplicates(tasks, rejected); // adds the duplicates to rejected
        var response = new ArchivedResponse(cluster.projectId(), fetched.bodySha256(), items.size(), rejected.size());
        return new ClusterSnapshot.Archived(cluster, fetched.attempts(), archived, rejected, listed, complete, response,
                normalizer.horizon(receivedAt));
    }

    /** A uid listed twice: the newest state is archived, the others quarantined (one statement cannot upsert a key twice). */
    private static List<ArchivedTask> withoutDuplicates(List<ArchivedTask> tasks, List<RejectedItem> rejected) {
        Comparator<ArchivedTask> newestFirst = Comparator.comparing(ArchivedTask::updatedAt,
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed();
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
}
