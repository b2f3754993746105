package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiAnswer;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ClusterRef;
import java.util.List;

/** What the reader brings of one cluster: its task list and evidence, the news that it is the one archived last, or a failure. */
sealed interface ClusterFetch {

    ClusterRef cluster();

    /** Calls made, retries included. */
    int attempts();

    /** A task list to read; {@code bodySha256} is its fingerprint; with each kind of the cluster's evidence. */
    record Fetched(ClusterRef cluster, ApiAnswer answer, String bodySha256, int attempts, List<EvidenceFetch> evidence)
            implements ClusterFetch {
    }

    /** The very response the cluster's tasks were last archived from: nothing in it is new (its evidence may be). */
    record Unchanged(ClusterRef cluster, ArchivedResponse response, int attempts, List<EvidenceFetch> evidence)
            implements ClusterFetch {
    }

    /** No usable answer. */
    record Failed(ClusterRef cluster, ApiFailure failure, int attempts) implements ClusterFetch {
    }
}
