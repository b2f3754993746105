package io.github.cceupgradearchiver.cce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one item of the task list into an {@link ArchivedTask}, or says why it cannot be archived.
 * Pure: the same item always gives the same answer.
 */
public final class UpgradeTaskNormalizer {

    /** Go's zero time, which Go services print for a time that was never set. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final ApiTimestamps timestamps;

    public UpgradeTaskNormalizer(ApiTimestamps timestamps) {
        this.timestamps = timestamps;
    }

    /** The outcome for one item: exactly one of {@code task} and {@code rejection} is set. */
    public record Result(@Nullable ArchivedTask task, @Nullable RejectedItem rejection) {
    }

    public Result normalize(JsonNode item, String rawJson) {
        String taskId = null;
        try {
            if (!item.isObject()) {
                throw new InvalidItemException("item is not a JSON object");
            }
            taskId = text(item, "metadata", "uid");
            if (taskId == null || taskId.isBlank()) {
                throw new InvalidItemException("metadata.uid is missing");
            }
            if (rawJson.contains("\\u0000")) {
                throw new InvalidItemException("contains a NUL character (\\u0000), which PostgreSQL cannot store as jsonb");
            }
            Instant createdAt = time(item, "metadata", "creationTimestamp");
            if (createdAt == null) {
                throw new InvalidItemException("metadata.creationTimestamp is missing");
            }
            Instant completedAt = time(item, "status", "completionTime");
            return new Result(new ArchivedTask(
                    taskId,
                    text(item, "spec", "version"),
                    text(item, "spec", "targetVersion"),
                    text(item, "status", "phase"),
                    text(item, "status", "progress"),
                    createdAt,
                    time(item, "metadata", "updateTimestamp"),
                    completedAt,
                    completedAt == null ? null : BigDecimal.valueOf(ChronoUnit.MICROS.between(createdAt, completedAt), 6),
                    rawJson), null);
        } catch (InvalidItemException e) {
            return new Result(null, new RejectedItem(taskId, e.getMessage(), rawJson));
        }
    }

    /**
     * A scalar as text; absent or null is {@code null}. A number is written in plain notation with its scale
     * ({@code 33.30}, {@code 1e2} as {@code 100}): the same text PostgreSQL's jsonb gives for it, so that verify,
     * which re-reads the stored jsonb, derives what the archive derived from the body.
     */
    private static @Nullable String text(JsonNode item, String parent, String field) {
        JsonNode node = item.path(parent).path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isContainer()) {
            throw new InvalidItemException(parent + "." + field + " is not a scalar: " + node);
        }
        if (node.isString()) {
            return node.asString();
        }
        return node.isNumber() ? node.decimalValue().toPlainString() : node.toString();
    }

    /** A timestamp; absent, empty and Go's zero time all mean "not set". */
    private @Nullable Instant time(JsonNode item, String parent, String field) {
        String text = text(item, parent, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant instant = timestamps.parse(text);
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        } catch (ApiTimestamps.UnparseableTimestampException e) {
            throw new InvalidItemException(parent + "." + field + ": " + e.getMessage());
        }
    }

    private static final class InvalidItemException extends RuntimeException {
        InvalidItemException(String message) {
            super(message, null, false, false);
        }
    }
}
