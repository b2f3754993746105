package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ClusterRef;
import org.jspecify.annotations.Nullable;

/** What archiving one cluster did, once committed. */
record ClusterOutcome(ClusterRef cluster, @Nullable ApiFailure failure,
                      int seen, int inserted, int changed, int rejected, int delisted) {

    /** The same counts with this failure (an evidence call that failed after the tasks were archived), if any. */
    ClusterOutcome withFailure(@Nullable ApiFailure evidenceFailure) {
        return evidenceFailure == null ? this : new ClusterOutcome(cluster, evidenceFailure, seen, inserted, changed,
                rejected, delisted);
    }
}
