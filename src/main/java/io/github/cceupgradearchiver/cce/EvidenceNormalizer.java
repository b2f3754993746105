package io.github.cceupgradearchiver.cce;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads an evidence response into its objects, each {@link ArchivedEvidence} or quarantined with its reason, by the
 * rules of {@link UpgradeTaskNormalizer}: the same timestamp reading, the same refusal of what PostgreSQL would refuse,
 * of over-long uids and of an updateTimestamp beyond {@code archiver.max-clock-skew}. The bodies are read here, not
 * with the SDK's models, which type some of these timestamps as {@code LocalDate}. Pure.
 * <p>
 * Shapes: pre-checks and snapshots list {@code items}; workflows list {@code items} as one object (documented) or an
 * array (accepted too); upgrade info is the body itself, one object per cluster.
 */
public final class EvidenceNormalizer {

    private final ApiTimestamps timestamps;
    private final Duration maxClockSkew;

    public EvidenceNormalizer(ApiTimestamps timestamps, Duration maxClockSkew) {
        this.timestamps = timestamps;
        this.maxClockSkew = maxClockSkew;
    }

    /** A response read: its objects and its quarantined items, or why the response as a whole is unreadable. */
    public record Read(List<ArchivedEvidence> objects, List<RejectedItem> rejected, int seen) {
    }

    public ParseResult<Read> read(EvidenceKind kind, String body, String clusterId, Instant receivedAt) {
        ParseResult<List<TaskListBody.Item>> items = kind == EvidenceKind.UPGRADE_INFO ? TaskListBody.whole(body)
                : TaskListBody.items(body, kind == EvidenceKind.WORKFLOW);
        if (items instanceof ParseResult.Unreadable<List<TaskListBody.Item>> unreadable) {
            return new ParseResult.Unreadable<>(unreadable.reason());
        }
        List<TaskListBody.Item> list = ((ParseResult.Parsed<List<TaskListBody.Item>>) items).value();
        List<ArchivedEvidence> objects = new ArrayList<>();
        List<RejectedItem> rejected = new ArrayList<>();
        for (TaskListBody.Item item : list) {
            Normalization result = normalize(kind, item.node(), item.raw(), clusterId, receivedAt);
            if (result instanceof Normalization.Kept kept) {
                objects.add(kept.evidence());
            } else {
                rejected.add(((Normalization.Refused) result).item());
            }
        }
        return new ParseResult.Parsed<>(new Read(objects, rejected, list.size()));
    }

    /** The outcome for one object. */
    public sealed interface Normalization {
        record Kept(ArchivedEvidence evidence) implements Normalization {
        }

        record Refused(RejectedItem item) implements Normalization {
        }
    }

    /** For archiving: every rule; verify uses {@link #derive} alone. */
    Normalization normalize(EvidenceKind kind, JsonNode node, String raw, String clusterId, Instant receivedAt) {
        String unstorable = UpgradeTaskNormalizer.unstorable(node, "item");
        if (unstorable != null) {
            return refused(node, unstorable + ": the archive cannot store it as it is", raw);
        }
        var derived = derive(kind, node, raw, clusterId);
        if (!(derived instanceof Normalization.Kept kept)) {
            return derived;
        }
        ArchivedEvidence evidence = kept.evidence();
        String problem = null;
        if (evidence.objectId().length() > UpgradeTaskNormalizer.MAX_TASK_ID_CHARS) {
            problem = "metadata.uid is " + evidence.objectId().length() + " characters long; the archive keeps uids of at most "
                    + UpgradeTaskNormalizer.MAX_TASK_ID_CHARS;
        } else if (UpgradeTaskNormalizer.outOfRange(evidence.createdAt())) {
            problem = UpgradeTaskNormalizer.outOfRange("metadata.creationTimestamp", evidence.createdAt());
        } else if (UpgradeTaskNormalizer.outOfRange(evidence.updatedAt())) {
            problem = UpgradeTaskNormalizer.outOfRange("metadata.updateTimestamp", evidence.updatedAt());
        } else if (UpgradeTaskNormalizer.outOfRange(evidence.finishedAt())) {
            problem = UpgradeTaskNormalizer.outOfRange("its completion time", evidence.finishedAt());
        } else if (evidence.updatedAt() != null && evidence.updatedAt().isAfter(receivedAt.plus(maxClockSkew))) {
            problem = "metadata.updateTimestamp " + evidence.updatedAt() + " is more than archiver.max-clock-skew after the"
                    + " response was received (" + receivedAt + "): quarantined, so that it never stands as the latest state";
        }
        return problem == null ? derived : new Normalization.Refused(new RejectedItem(evidence.objectId(), problem, raw));
    }

    /** The columns an object gives (verify re-derives them from stored revisions); rejects only what has no row. */
    public Normalization derive(EvidenceKind kind, JsonNode node, String raw, String clusterId) {
        if (!node.isObject()) {
            return new Normalization.Refused(new RejectedItem(null, "item is not a JSON object", raw));
        }
        var fields = new UpgradeTaskNormalizer.Fields(timestamps, node);
        String objectId = kind == EvidenceKind.UPGRADE_INFO ? clusterId : fields.text("metadata", "uid");
        if (fields.problem == null && (objectId == null || objectId.isBlank())) {
            return new Normalization.Refused(new RejectedItem(null, "metadata.uid is missing", raw));
        }
        Instant createdAt = fields.time("metadata", "creationTimestamp");
        Instant updatedAt = fields.time("metadata", "updateTimestamp");
        ArchivedEvidence evidence = switch (kind) {
            case PRECHECK -> new ArchivedEvidence(kind, String.valueOf(objectId), fields.text("spec", "clusterVersion"),
                    fields.text("spec", "targetVersion"), fields.text("status", "phase"), createdAt, updatedAt, null, raw);
            case SNAPSHOT -> new ArchivedEvidence(kind, String.valueOf(objectId), null, null, fields.text("status", "phase"),
                    createdAt, updatedAt, fields.time("status", "completionTime"), raw);
            case WORKFLOW -> new ArchivedEvidence(kind, String.valueOf(objectId), fields.text("spec", "clusterVersion"),
                    fields.text("spec", "targetVersion"), fields.text("status", "phase"), createdAt, updatedAt, null, raw);
            case UPGRADE_INFO -> new ArchivedEvidence(kind, String.valueOf(objectId), fields.text("spec", "versionInfo", "release"),
                    null, fields.text("spec", "lastUpgradeInfo", "phase"), createdAt, updatedAt,
                    fields.time("spec", "lastUpgradeInfo", "completionTime"), raw);
        };
        if (fields.problem != null) {
            return new Normalization.Refused(new RejectedItem(fields.uidRead ? objectId : null, fields.problem, raw));
        }
        return new Normalization.Kept(evidence);
    }

    private static Normalization refused(JsonNode item, String reason, String raw) {
        JsonNode uid = item.path("metadata").path("uid");
        return new Normalization.Refused(new RejectedItem(uid.isValueNode() && !uid.isNull()
                && !uid.asString().isBlank() ? uid.asString() : null, reason, raw));
    }
}
