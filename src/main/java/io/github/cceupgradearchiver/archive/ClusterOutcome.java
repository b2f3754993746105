package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ClusterRef;
import org.jspecify.annotations.Nullable;

/** What archiving one cluster did, once committed. */
record ClusterOutcome(ClusterRef cluster, @Nullable ApiFailure failure,
                      int seen, int inserted, int changed, int rejected, int delisted) {
}
