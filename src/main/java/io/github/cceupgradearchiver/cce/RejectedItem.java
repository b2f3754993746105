package io.github.cceupgradearchiver.cce;

import org.jspecify.annotations.Nullable;

/** An item that could not be archived, kept in {@code rejected_task} with the reason. */
public record RejectedItem(@Nullable String taskId, String reason, String rawText) {
}
