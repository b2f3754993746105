package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ArchivedEvidence;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import io.github.cceupgradearchiver.cce.RejectedItem;
import java.time.Instant;
import java.util.List;

/** One kind of a cluster's evidence, ready to write. */
sealed interface EvidenceSnapshot {

    EvidenceKind kind();

    /** Calls made, retries included. */
    int attempts();

    /** A response read: the objects to upsert (each id once), the items to quarantine. */
    record Archived(EvidenceKind kind, int attempts, List<ArchivedEvidence> objects, List<RejectedItem> rejected,
                    ArchivedResponse response, Instant horizon) implements EvidenceSnapshot {
    }

    /** The response this kind was last archived from: only the fetch is recorded. */
    record Unchanged(EvidenceKind kind, int attempts, ArchivedResponse response) implements EvidenceSnapshot {
    }

    /** Nothing could be taken from the API (or stored): the cluster's run is a partial failure. */
    record Failed(EvidenceKind kind, int attempts, ApiFailure failure) implements EvidenceSnapshot {
    }
}
