package io.github.cceupgradearchiver.cce;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One evidence object, normalized: the row its kind's table keeps ({@link EvidenceKind#table()}). {@code objectId}
 * is its metadata.uid (the cluster id for upgrade info); {@code rawJson} is the object as received.
 */
public record ArchivedEvidence(
        EvidenceKind kind,
        String objectId,
        @Nullable String clusterVersion,
        @Nullable String targetVersion,
        @Nullable String phase,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt,
        @Nullable Instant finishedAt,
        String rawJson) {
}
