package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiAnswer;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ClusterRef;

/** What the reader brings of one cluster: its task list, the news that it is the one archived last, or a failure. */
sealed interface ClusterFetch {

    ClusterRef cluster();

    /** Calls made, retries included. */
    int attempts();

    /** A task list to read; {@code bodySha256} is its fingerprint. */
    record Fetched(ClusterRef cluster, ApiAnswer answer, String bodySha256, int attempts) implements ClusterFetch {
    }

    /** The very response the cluster's tasks were last archived from: nothing in it is new. */
    record Unchanged(ClusterRef cluster, ArchivedResponse response, int attempts) implements ClusterFetch {
    }

    /** No usable answer. */
    record Failed(ClusterRef cluster, ApiFailure failure, int attempts) implements ClusterFetch {
    }
}
