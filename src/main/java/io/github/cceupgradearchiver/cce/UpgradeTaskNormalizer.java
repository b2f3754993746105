package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.text.SafeText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one item of the task list into an {@link ArchivedTask}, or says why it cannot be archived. Pure: the same
 * item, received at the same instant, always gives the same answer.
 * <p>
 * Archiving ({@link #normalize}) checks before any SQL what PostgreSQL would refuse or what would poison the archive:
 * a NUL or an unpaired surrogate anywhere in the item (jsonb refuses both), a number longer than verify reads back
 * once jsonb has written it out in full (1000 characters), a uid longer than {@value #MAX_TASK_ID_CHARS} characters (uids are keys), an instant outside
 * {@code 0001-01-01 .. 9999-12-31} UTC, and an {@code updateTimestamp} further than {@code archiver.max-clock-skew}
 * after the response was received (such a state would otherwise win against every later real one). Verify
 * ({@link #derive}) re-derives the columns of items already stored, without those rules, so that rows stored by
 * an earlier build stay checkable.
 */
public final class UpgradeTaskNormalizer {

    /** The longest uid the archive keeps: uids are keys of upgrade_task and of its revisions' index. */
    public static final int MAX_TASK_ID_CHARS = 256;
    /**
     * The instants the archive stores. PostgreSQL's timestamptz reaches further, but years before 1 and after 9999
     * have no ISO form it reads ({@code Instant.toString()} writes {@code 0000-...} and {@code +10000-...}).
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Go's zero time, which Go services print for a time that was never set. */
    private static final Instant GO_ZERO_TIME = EARLIEST;
    // jsonb writes numbers out in full (1e999 as 1000 digits), and verify reads them back with ApiJson: a number
    // longer than ApiJson reads (1000 characters, far within PostgreSQL's numeric) could be stored but not verified.
    // Asked when a number is checked, not when the class loads: verify of an archive without revisions needs no Jackson.
    private static int maxNumberChars() {
        return ApiJson.MAPPER.tokenStreamFactory().streamReadConstraints().getMaxNumberLength();
    }

    private static final int SHOWN_CHARS = 64;

    private final ApiTimestamps timestamps;
    private final Duration maxClockSkew;

    public UpgradeTaskNormalizer(ApiTimestamps timestamps, Duration maxClockSkew) {
        this.timestamps = timestamps;
        this.maxClockSkew = maxClockSkew;
    }

    /** The outcome for one item. */
    public sealed interface Normalization {
    }

    /** The item as the row {@code upgrade_task} keeps. */
    public record Normalized(ArchivedTask task) implements Normalization {
    }

    /** The item cannot be archived; it is quarantined with the reason. */
    public record Rejected(RejectedItem item) implements Normalization {
    }

    /** The latest {@code updateTimestamp} believable in a response received at {@code receivedAt}. */
    public Instant horizon(Instant receivedAt) {
        return receivedAt.plus(maxClockSkew);
    }

    /** For archiving: the item's row, or why it is quarantined (every rule above). */
    public Normalization normalize(JsonNode item, String raw, Instant receivedAt) {
        String unstorable = unstorable(item, "item");
        if (unstorable != null) {
            return rejected(item, unstorable + ": the archive cannot store it as it is", raw);
        }
        Normalization derived = derive(item, raw);
        if (!(derived instanceof Normalized normalized)) {
            return derived;
        }
        ArchivedTask task = normalized.task();
        String problem = null;
        if (task.taskId().length() > MAX_TASK_ID_CHARS) {
            problem = "metadata.uid is " + task.taskId().length() + " characters long; the archive keeps uids of at most "
                    + MAX_TASK_ID_CHARS;
        } else if (outOfRange(task.createdAt())) {
            problem = outOfRange("metadata.creationTimestamp", task.createdAt());
        } else if (outOfRange(task.updatedAt())) {
            problem = outOfRange("metadata.updateTimestamp", task.updatedAt());
        } else if (outOfRange(task.completedAt())) {
            problem = outOfRange("status.completionTime", task.completedAt());
        } else if (task.updatedAt() != null && task.updatedAt().isAfter(horizon(receivedAt))) {
            problem = "metadata.updateTimestamp " + task.updatedAt() + " is more than archiver.max-clock-skew ("
                    + maxClockSkew.toString().substring(2).toLowerCase() + ") after the response was received ("
                    + receivedAt + "): quarantined, so that it never stands as the task's latest state";
        }
        return problem == null ? derived : new Rejected(new RejectedItem(task.taskId(), problem, raw));
    }

    /**
     * For verify: the columns an item gives, by the same reading as {@link #normalize} but without its admission
     * rules. Rejects only an item that has no row at all (no object, no uid, no creation time, a timestamp no format
     * reads, a container where a value belongs).
     */
    public Normalization derive(JsonNode item, String raw) {
        if (!item.isObject()) {
            return new Rejected(new RejectedItem(null, "item is not a JSON object", raw));
        }
        Fields fields = new Fields(timestamps, item);
        String taskId = fields.text("metadata", "uid");
        if (fields.problem == null && (taskId == null || taskId.isBlank())) {
            return new Rejected(new RejectedItem(null, "metadata.uid is missing", raw));
        }
        Instant createdAt = fields.time("metadata", "creationTimestamp");
        if (fields.problem == null && createdAt == null) {
            fields.problem = "metadata.creationTimestamp is missing";
        }
        String sourceVersion = fields.text("spec", "version");
        String targetVersion = fields.text("spec", "targetVersion");
        String phase = fields.text("status", "phase");
        String progress = fields.text("status", "progress");
        Instant updatedAt = fields.time("metadata", "updateTimestamp");
        Instant completedAt = fields.time("status", "completionTime");
        if (fields.problem != null || taskId == null || createdAt == null) {
            return new Rejected(new RejectedItem(fields.uidRead ? taskId : null, String.valueOf(fields.problem), raw));
        }
        return new Normalized(new ArchivedTask(taskId, sourceVersion, targetVersion, phase, progress, createdAt, updatedAt,
                completedAt, completedAt == null ? null : seconds(Duration.between(createdAt, completedAt)), raw));
    }

    /** Exact however long (a task created in 1700 included): seconds with the microseconds both instants have. */
    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .setScale(6, RoundingMode.DOWN);
    }

    static boolean outOfRange(@Nullable Instant instant) {
        return instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST));
    }

    static String outOfRange(String field, Instant instant) {
        return field + " " + instant + " is outside 0001-01-01..9999-12-31 UTC, the instants the archive stores";
    }

    private static Rejected rejected(JsonNode item, String reason, String raw) {
        JsonNode uid = item.path("metadata").path("uid");
        return new Rejected(new RejectedItem(uid.isValueNode() && !uid.isNull() && !uid.asString().isBlank()
                ? uid.asString() : null, reason, raw));
    }

    /**
     * What jsonb would refuse anywhere in the item, or {@code null}: NUL (even escaped, {@code \u0000}), an unpaired
     * surrogate (an escaped {@code \ud800} alone), in a name or a value; or a number verify could not read back.
     */
    static @Nullable String unstorable(JsonNode node, String path) {
        Problem problem = problem(node);
        return problem == null ? null : path + String.join("", problem.where()) + problem.what();
    }

    /**
     * What is wrong, and where below the node (segments in order, each added on the way back up): the path is only
     * written out for an item that has a problem, not for every field of every item.
     */
    private record Problem(String what, ArrayDeque<String> where) {

        Problem(String what) {
            this(what, new ArrayDeque<>(4));
        }

        Problem under(String segment) {
            where.addFirst(segment);
            return this;
        }
    }

    private static @Nullable Problem problem(JsonNode node) {
        if (node.isString()) {
            String what = unstorableText(node.asString());
            return what == null ? null : new Problem(what);
        }
        if (node.isNumber()) {
            return writtenOutLength(node.decimalValue()) > maxNumberChars()
                    ? new Problem(" is a number of more than " + maxNumberChars() + " characters written out in full") : null;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = unstorableText(field.getKey());
                if (name != null) {
                    return new Problem(" (a field name)" + name);
                }
                Problem problem = problem(field.getValue());
                if (problem != null) {
                    return problem.under("." + shown(field.getKey()));
                }
            }
        } else if (node.isArray()) {
            int index = 0;
            for (JsonNode element : node) {
                Problem problem = problem(element);
                if (problem != null) {
                    return problem.under("[" + index + "]");
                }
                index++;
            }
        }
        return null;
    }

    /** How long jsonb writes the number ({@code toPlainString}), without writing out a 1e999999999. */
    private static long writtenOutLength(BigDecimal value) {
        long integerDigits = Math.max(1, (long) value.precision() - value.scale());
        long fractionDigits = Math.max(0, value.scale());
        long estimate = 1 + integerDigits + (fractionDigits == 0 ? 0 : 1 + fractionDigits);
        return estimate > maxNumberChars() + 2 ? estimate : value.toPlainString().length();
    }

    private static @Nullable String unstorableText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return " contains a NUL character (\\u0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return " contains an unpaired surrogate (\\u" + Integer.toHexString(c) + ")";
            }
        }
        return null;
    }

    private static String shown(String text) {
        return SafeText.storable(SafeText.loggable(text), SHOWN_CHARS);
    }

    /** Reads an item's fields, keeping the first problem met instead of throwing it; evidence items are read alike. */
    static final class Fields {

        private final ApiTimestamps timestamps;
        private final JsonNode item;
        @Nullable String problem;
        boolean uidRead;

        Fields(ApiTimestamps timestamps, JsonNode item) {
            this.timestamps = timestamps;
            this.item = item;
        }

        /**
         * A scalar as text; absent or null is {@code null}. A number is written in plain notation with its scale
         * ({@code 33.30}, {@code 1e2} as {@code 100}): the same text PostgreSQL's jsonb gives for it, so that verify,
         * which re-reads the stored jsonb, derives what the archive derived from the body.
         */
        @Nullable String text(String... path) {
            JsonNode node = item;
            for (String field : path) {
                node = node.path(field);
            }
            if (problem != null || node.isMissingNode() || node.isNull()) {
                return null;
            }
            if (node.isContainer()) {
                problem = String.join(".", path) + " is not a scalar: " + SafeText.storable(node.toString(), SHOWN_CHARS);
                return null;
            }
            uidRead |= path.length == 2 && path[0].equals("metadata") && path[1].equals("uid");
            if (node.isString()) {
                return node.asString();
            }
            return node.isNumber() ? node.decimalValue().toPlainString() : node.toString();
        }

        /** A timestamp; absent, empty and Go's zero time all mean "not set". */
        @Nullable Instant time(String... path) {
            String text = text(path);
            if (text == null || text.isBlank()) {
                return null;
            }
            ParseResult<Instant> parsed = timestamps.parse(text);
            if (parsed instanceof ParseResult.Unreadable<Instant> unreadable) {
                problem = String.join(".", path) + ": " + unreadable.reason();
                return null;
            }
            Instant instant = ((ParseResult.Parsed<Instant>) parsed).value();
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        }
    }
}
