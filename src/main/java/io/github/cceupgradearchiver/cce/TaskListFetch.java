package io.github.cceupgradearchiver.cce;

/** The outcome of asking the API for one cluster's upgrade tasks, after retries. */
public sealed interface TaskListFetch {

    ClusterRef cluster();

    /** How many calls it took (1 when the first call settled it). */
    int attempts();

    /** The API answered 200; {@code body} is the response exactly as received. */
    record Fetched(ClusterRef cluster, String body, int attempts) implements TaskListFetch {
    }

    /** No usable answer. */
    record Failed(ClusterRef cluster, ApiFailure failure, int attempts) implements TaskListFetch {
    }
}
