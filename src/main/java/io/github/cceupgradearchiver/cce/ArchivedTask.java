package io.github.cceupgradearchiver.cce;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One upgrade task, normalized: the row {@code upgrade_task} keeps. {@code rawJson} is the item as received. */
public record ArchivedTask(
        String taskId,
        @Nullable String sourceVersion,
        @Nullable String targetVersion,
        @Nullable String phase,
        @Nullable String progress,
        Instant createdAt,
        @Nullable Instant updatedAt,
        @Nullable Instant completedAt,
        @Nullable BigDecimal durationSeconds,
        String rawJson) {
}
