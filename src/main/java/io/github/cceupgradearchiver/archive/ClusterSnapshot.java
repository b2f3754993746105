package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.RejectedItem;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What one fetch of a cluster's task list amounts to, ready to write. */
sealed interface ClusterSnapshot {

    ClusterRef cluster();

    /** Calls made, retries included. */
    int attempts();

    /**
     * A task list read: the tasks to upsert, the items to quarantine, what the API listed.
     *
     * @param listedTaskIds   every uid the response listed, quarantined items' included
     * @param listingComplete every item's uid was read, so tasks not in {@code listedTaskIds} are no longer listed;
     *                        when an item had no readable uid, nothing is delisted
     * @param evidence        each kind of the cluster's evidence
     * @param horizon         the latest updateTimestamp believable for this response: an archived state later than this
     *                        (frozen by an earlier build) does not stand against a newer one
     */
    record Archived(ClusterRef cluster, int attempts, List<ArchivedTask> tasks, List<RejectedItem> rejected,
                    Set<String> listedTaskIds, boolean listingComplete, ArchivedResponse response, Instant horizon,
                    List<EvidenceSnapshot> evidence)
            implements ClusterSnapshot {
    }

    /** The response its tasks were last archived from: only the fetch and the evidence are recorded. */
    record Unchanged(ClusterRef cluster, int attempts, ArchivedResponse response, List<EvidenceSnapshot> evidence)
            implements ClusterSnapshot {
    }

    /** Nothing could be taken from the API. */
    record Failed(ClusterRef cluster, int attempts, ApiFailure failure) implements ClusterSnapshot {
    }
}
