package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ArchivedEvidence;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
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
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Reads a fetched task list and the cluster's evidence: every item is either archived or quarantined with its
 * reason, so one bad item never costs its siblings. A body that is not a task list fails the cluster instead, because
 * treating it as "no tasks" would delist the whole history. Pure: what to read came from the reader, "now" with
 * the answer.
 */
final class ClusterSnapshotProcessor implements ItemProcessor<ClusterFetch, ClusterSnapshot> {

    private final UpgradeTaskNormalizer normalizer;
    private final EvidenceNormalizer evidenceNormalizer;

    ClusterSnapshotProcessor(UpgradeTaskNormalizer normalizer, EvidenceNormalizer evidenceNormalizer) {
        this.normalizer = normalizer;
        this.evidenceNormalizer = evidenceNormalizer;
    }

    @Override
    public ClusterSnapshot process(ClusterFetch fetch) {
        if (fetch instanceof ClusterFetch.Failed failed) {
            return new ClusterSnapshot.Failed(failed.cluster(), failed.attempts(), failed.failure());
        }
        if (fetch instanceof ClusterFetch.Unchanged unchanged) {
            return new ClusterSnapshot.Unchanged(unchanged.cluster(), unchanged.attempts(), unchanged.response(),
                    evidence(unchanged.cluster(), unchanged.evidence()));
        }
        var fetched = (ClusterFetch.Fetched) fetch;
        var cluster = fetched.cluster();
        ParseResult<List<TaskListBody.Item>> body = TaskListBody.items(fetched.answer().body());
        if (body instanceof ParseResult.Unreadable<List<TaskListBody.Item>> unreadable) {
            return new ClusterSnapshot.Failed(cluster, fetched.attempts(),
                    new ApiFailure(FailureClass.BAD_RESPONSE, 200, null, unreadable.reason()));
        }
        List<EvidenceSnapshot> evidence = evidence(cluster, fetched.evidence());
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
        List<ArchivedTask> archived = newestOfEach(tasks, ArchivedTask::taskId, ArchivedTask::updatedAt, ArchivedTask::rawJson,
                rejected); // adds the duplicates to rejected
        var response = new ArchivedResponse(cluster.projectId(), fetched.bodySha256(), items.size(), rejected.size());
        return new ClusterSnapshot.Archived(cluster, fetched.attempts(), archived, rejected, listed, complete, response,
                normalizer.horizon(receivedAt), evidence);
    }

    /** Each kind read on its own: an unreadable response fails its kind, never the tasks or the other kinds. */
    private List<EvidenceSnapshot> evidence(ClusterRef cluster, List<EvidenceFetch> fetches) {
        List<EvidenceSnapshot> snapshots = new ArrayList<>(fetches.size());
        for (EvidenceFetch fetch : fetches) {
            if (fetch instanceof EvidenceFetch.Failed failed) {
                snapshots.add(new EvidenceSnapshot.Failed(failed.kind(), failed.attempts(), failed.failure()));
            } else if (fetch instanceof EvidenceFetch.Unchanged unchanged) {
                snapshots.add(new EvidenceSnapshot.Unchanged(unchanged.kind(), unchanged.attempts(), unchanged.response()));
            } else {
                snapshots.add(read(cluster, (EvidenceFetch.Fetched) fetch));
            }
        }
        return snapshots;
    }

    private EvidenceSnapshot read(ClusterRef cluster, EvidenceFetch.Fetched fetched) {
        Instant receivedAt = fetched.answer().receivedAt();
        var read = evidenceNormalizer.read(fetched.kind(), fetched.answer().body(), cluster.clusterId(), receivedAt);
        if (read instanceof ParseResult.Unreadable<EvidenceNormalizer.Read> unreadable) {
            return new EvidenceSnapshot.Failed(fetched.kind(), fetched.attempts(),
                    new ApiFailure(FailureClass.BAD_RESPONSE, 200, null, unreadable.reason()));
        }
        var objects = ((ParseResult.Parsed<EvidenceNormalizer.Read>) read).value();
        List<RejectedItem> rejected = new ArrayList<>(objects.rejected());
        List<ArchivedEvidence> kept = newestOfEach(objects.objects(), ArchivedEvidence::objectId,
                ArchivedEvidence::updatedAt, ArchivedEvidence::rawJson, rejected);
        return new EvidenceSnapshot.Archived(fetched.kind(), fetched.attempts(), kept, rejected,
                new ArchivedResponse(cluster.projectId(), fetched.bodySha256(), objects.seen(), rejected.size()),
                normalizer.horizon(receivedAt));
    }

    /**
     * A uid listed twice: the newest state is archived, the others quarantined (one statement cannot upsert a key
     * twice). Tasks and evidence objects alike.
     */
    private static <T> List<T> newestOfEach(List<T> items, Function<T, String> id, Function<T, @Nullable Instant> updatedAt,
                                            Function<T, String> raw, List<RejectedItem> rejected) {
        Comparator<T> newestFirst = Comparator.comparing(updatedAt,
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed();
        Map<String, T> kept = new LinkedHashMap<>();
        for (T item : items) {
            T other = kept.get(id.apply(item));
            if (other == null) {
                kept.put(id.apply(item), item);
                continue;
            }
            T winner = newestFirst.compare(item, other) < 0 ? item : other;
            T loser = winner == item ? other : item;
            kept.put(id.apply(item), winner);
            rejected.add(new RejectedItem(id.apply(loser), "metadata.uid listed more than once in one response; "
                    + "the state with the newest updateTimestamp was archived", raw.apply(loser)));
        }
        return kept.size() == items.size() ? items : List.copyOf(kept.values());
    }
}
