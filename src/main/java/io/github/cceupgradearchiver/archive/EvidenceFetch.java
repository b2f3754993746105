package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiAnswer;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.EvidenceKind;

/** What the reader brings of one kind of a cluster's evidence: a response, the news that it is the last one archived, or a failure. */
sealed interface EvidenceFetch {

    EvidenceKind kind();

    /** Calls made, retries included. */
    int attempts();

    record Fetched(EvidenceKind kind, ApiAnswer answer, String bodySha256, int attempts) implements EvidenceFetch {
    }

    record Unchanged(EvidenceKind kind, ArchivedResponse response, int attempts) implements EvidenceFetch {
    }

    record Failed(EvidenceKind kind, ApiFailure failure, int attempts) implements EvidenceFetch {
    }
}
