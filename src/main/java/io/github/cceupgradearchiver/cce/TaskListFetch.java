package io.github.cceupgradearchiver.cce;

/** The outcome of asking the API for one cluster's upgrade tasks. */
public sealed interface TaskListFetch {

    ClusterRef cluster();

    /** The API answered 200; {@code body} is the response exactly as received. */
    record Fetched(ClusterRef cluster, String body) implements TaskListFetch {
    }

    /** No usable answer. */
    record Failed(ClusterRef cluster, ApiFailure failure) implements TaskListFetch {
    }
}
