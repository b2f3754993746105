package io.github.cceupgradearchiver.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The evidence around a generated cluster's newest upgrades, linked as CCE links it: each upgrade's pre-check (for its
 * target version, before it started; some failed, some with warnings, risks or skipped checks) and master snapshot
 * (finished before it; some upgrades have none), and upgrade workflows whose {@code pointStatuses} name the three. The
 * newest upgrade always has a workflow; on clusters that list workflows as an array (every other one) the older
 * upgrades have theirs too, elsewhere they are linked by time. Deterministic in (seed, cluster, upgrade).
 */
final class GeneratedEvidence {

    /** The newest upgrades of a cluster that have evidence: the API keeps only the recent ones. */
    static final int UPGRADES_WITH_EVIDENCE = 6;
    private static final int WORKFLOWS_IN_ARRAY = 3;
    private static final double NO_PRECHECK_RATE = 0.1;
    private static final double FAILED_PRECHECK_RATE = 0.1;
    private static final double NO_SNAPSHOT_RATE = 0.25;
    private static final double SKIPPED_RATE = 0.3;
    private static final double WARNING_RATE = 0.35;
    private static final double RISK_RATE = 0.25;
    private static final long EVIDENCE_SALT = 11;

    /** One upgrade task as the evidence refers to it. */
    record Upgrade(String uid, String from, String to, String phase, Instant created, Instant updated) {
    }

    private final String clusterId;
    private final boolean workflowsAsArray;
    private final List<Linked> linked;

    /** An upgrade with its evidence; {@code precheck} and {@code snapshot} are null when it had none. */
    private record Linked(Upgrade upgrade, @Nullable Made precheck, @Nullable Made snapshot) {
    }

    /** An evidence item and what workflows say of it. */
    private record Made(ObjectNode node, String uid, String phase, Instant created, Instant updated) {
    }

    GeneratedEvidence(long seed, int index, String clusterId, List<Upgrade> upgrades) {
        this.clusterId = clusterId;
        this.workflowsAsArray = index % 2 == 0;
        List<Upgrade> recent = upgrades.subList(Math.max(0, upgrades.size() - UPGRADES_WITH_EVIDENCE), upgrades.size());
        this.linked = recent.stream().map(upgrade -> link(seed, index, upgrade)).toList();
    }

    String prechecks() {
        return Json.write(list("PreCheckTask", linked.stream().map(Linked::precheck)));
    }

    String snapshots() {
        ObjectNode body = list("SnapshotTask", linked.stream().map(Linked::snapshot));
        Instant latest = linked.stream().filter(link -> link.snapshot() != null)
                .map(link -> link.upgrade().created()).reduce((a, b) -> b).orElse(null);
        if (latest != null) {
            body.putObject("status").put("latestBackupTime", GoTime.format(latest.minus(Duration.ofMinutes(1))));
        }
        return Json.write(body);
    }

    /** The documented shape is one object under {@code items} (the newest workflow); every other cluster lists an array. */
    String workflows() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("kind", "List").put("apiVersion", "v3");
        if (linked.isEmpty()) {
            body.putArray("items");
            return Json.write(body);
        }
        if (!workflowsAsArray) {
            body.set("items", workflow(linked.get(linked.size() - 1)));
            return Json.write(body);
        }
        ArrayNode items = body.putArray("items");
        linked.subList(Math.max(0, linked.size() - WORKFLOWS_IN_ARRAY), linked.size()).forEach(link -> items.add(workflow(link)));
        return Json.write(body);
    }

    /** The cluster's upgrade info: its last upgrade, its release and the versions it is offered. */
    String upgradeInfo(String currentVersion) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("kind", "UpgradeInfo").put("apiVersion", "v3");
        body.putObject("metadata").put("uid", clusterId);
        ObjectNode spec = body.putObject("spec");
        ObjectNode last = spec.putObject("lastUpgradeInfo");
        if (!linked.isEmpty()) {
            Upgrade newest = linked.get(linked.size() - 1).upgrade();
            last.put("phase", newest.phase()).put("progress", newest.phase().equals("Running") ? "50" : "100")
                    .put("completionTime", newest.phase().equals("Running") ? "" : GoTime.rfc3339(newest.updated()));
        }
        Version current = Version.parse(currentVersion);
        ObjectNode versions = spec.putObject("versionInfo").put("release", current.minorVersion())
                .put("patch", "r" + current.release()).put("suggestPatch", "r" + (current.release() + 1));
        versions.putArray("targetVersions").add(new Version(current.minor() + 1, 0, 0).minorVersion())
                .add(new Version(current.minor() + 2, 0, 0).minorVersion());
        spec.putObject("upgradeFeatureGates").put("supportUpgradePageV4", true);
        body.putObject("status").put("phase", "Success");
        return Json.write(body);
    }

    private static ObjectNode list(String kind, Stream<@Nullable Made> items) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("kind", "List").put("apiVersion", "v3");
        body.putObject("metadata");
        ArrayNode array = body.putArray("items");
        items.filter(Objects::nonNull).forEach(item -> array.add(item.node().put("kind", kind)));
        return body;
    }

    private Linked link(long seed, int index, Upgrade upgrade) {
        SplittableRandom random = new SplittableRandom(Hash.of(seed, index, EVIDENCE_SALT, upgrade.uid().hashCode()));
        Made precheck = random.nextDouble() < NO_PRECHECK_RATE ? null : precheck(random, upgrade);
        Made snapshot = random.nextDouble() < NO_SNAPSHOT_RATE ? null : snapshot(random, upgrade);
        return new Linked(upgrade, precheck, snapshot);
    }

    private Made precheck(SplittableRandom random, Upgrade upgrade) {
        Instant created = upgrade.created().minus(Duration.ofSeconds(random.nextLong(300, 7_200))).plusNanos(random.nextInt(1_000_000_000));
        Instant updated = created.plus(Duration.ofSeconds(random.nextLong(30, 180))).plusNanos(random.nextInt(1_000));
        boolean failed = random.nextDouble() < FAILED_PRECHECK_RATE;
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("kind", "PreCheckTask").put("apiVersion", "v3");
        String uid = uuid(random);
        item.putObject("metadata").put("uid", uid).put("creationTimestamp", GoTime.format(created))
                .put("updateTimestamp", GoTime.format(updated));
        ObjectNode spec = item.putObject("spec").put("clusterID", clusterId).put("clusterVersion", upgrade.from())
                .put("targetVersion", upgrade.to());
        ArrayNode skipped = spec.putArray("skippedCheckItemList");
        if (random.nextDouble() < SKIPPED_RATE) {
            skipped.addObject().put("name", "NodeKernelVersionCheck").putObject("resourceSelector")
                    .put("key", "node-uid").put("operator", "In").putArray("values").add(uuid(random));
        }
        ObjectNode status = item.putObject("status").put("phase", failed ? "Failed" : "Success")
                .put("expireTimeStamp", GoTime.format(updated.plus(Duration.ofDays(1))))
                .put("message", failed ? "check items failed: ClusterAddonCheck" : "");
        ObjectNode clusterCheck = status.putObject("clusterCheckStatus").put("phase", failed ? "Failed" : "Success");
        ArrayNode items = clusterCheck.putArray("itemsStatus");
        items.add(checkItem("ClusterAddonCheck", "Cluster", failed ? "Error" : "Info", failed ? "Failed" : "Success",
                failed ? "add-on everest does not support the target version" : ""));
        ObjectNode deprecated = checkItem("DeprecatedAPICheck", "Cluster",
                random.nextDouble() < WARNING_RATE ? "Warning" : "Info", "Success", "");
        if (random.nextDouble() < RISK_RATE) {
            deprecated.put("message", "workloads call APIs removed in " + upgrade.to());
            deprecated.putObject("riskSource").putArray("deprecatedAPIRisks").addObject()
                    .put("url", "/apis/policy/v1beta1/podsecuritypolicies").put("userAgent", "kubectl/v1.24")
                    .put("client", "192.168.0.12");
        }
        items.add(deprecated);
        status.putObject("addonCheckStatus").put("phase", "Success").putArray("itemsStatus")
                .add(checkItem("CoreDNSConfigCheck", "Addon", "Info", "Success", ""));
        ObjectNode nodeStage = status.putObject("nodeCheckStatus").put("phase", "Success").putArray("nodeStageStatus").addObject();
        nodeStage.putObject("nodeInfo").put("uid", uuid(random)).put("name", "node-1").put("status", "Active");
        nodeStage.putArray("itemsStatus").add(checkItem("NodeDiskCheck", "Node", "Info", "Success", ""));
        return new Made(item, uid, failed ? "Failed" : "Success", created, updated);
    }

    private static ObjectNode checkItem(String name, String kind, String level, String phase, String message) {
        return Json.MAPPER.createObjectNode().put("name", name).put("kind", kind).put("group", "LimitCheck")
                .put("level", level).put("phase", phase).put("message", message);
    }

    private Made snapshot(SplittableRandom random, Upgrade upgrade) {
        Instant completed = upgrade.created().minus(Duration.ofSeconds(random.nextLong(60, 1_800))).plusNanos(random.nextInt(1_000_000));
        Instant created = completed.minus(Duration.ofSeconds(random.nextLong(30, 300)));
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("kind", "SnapshotTask").put("apiVersion", "v3.1");
        String uid = uuid(random);
        item.putObject("metadata").put("uid", uid).put("creationTimestamp", GoTime.format(created))
                .put("updateTimestamp", GoTime.format(completed));
        item.putObject("spec").putArray("items").addObject().put("id", uuid(random)).put("type", "EtcdSnapshot")
                .put("status", "Success").put("creationTimestamp", GoTime.format(created))
                .put("updateTimestamp", GoTime.format(completed)).put("message", "");
        item.putObject("status").put("phase", "Success").put("progress", "100").put("completionTime", GoTime.format(completed));
        return new Made(item, uid, "Success", created, completed);
    }

    /** Timestamps in RFC 3339, as workflows write them (the SDK's LocalDate would keep only the day). */
    private ObjectNode workflow(Linked link) {
        Upgrade upgrade = link.upgrade();
        SplittableRandom random = new SplittableRandom(Hash.of(upgrade.uid().hashCode(), EVIDENCE_SALT));
        Instant created = link.precheck() != null ? link.precheck().created().minusSeconds(5)
                : upgrade.created().minusSeconds(600);
        ObjectNode item = Json.MAPPER.createObjectNode().put("kind", "WorkFlowTask").put("apiVersion", "v3");
        item.putObject("metadata").put("uid", uuid(random)).put("creationTimestamp", GoTime.rfc3339(created))
                .put("updateTimestamp", GoTime.rfc3339(upgrade.updated()));
        item.putObject("spec").put("clusterID", clusterId).put("clusterVersion", upgrade.from())
                .put("targetVersion", upgrade.to());
        ObjectNode status = item.putObject("status").put("phase", upgrade.phase().equals("Running") ? "Running" : "Success");
        ArrayNode points = status.putArray("pointStatuses");
        if (link.precheck() != null) {
            point(points, "PreCheck", link.precheck());
        }
        if (link.snapshot() != null) {
            point(points, "Snapshot", link.snapshot());
        }
        points.addObject().put("taskType", "Cluster").put("taskID", upgrade.uid()).put("status", upgrade.phase())
                .put("startTimeStamp", GoTime.rfc3339(upgrade.created()))
                .put("endTimeStamp", upgrade.phase().equals("Running") ? "" : GoTime.rfc3339(upgrade.updated()));
        status.putArray("lineStatuses");
        return item;
    }

    private static void point(ArrayNode points, String type, Made task) {
        points.addObject().put("taskType", type).put("taskID", task.uid()).put("status", task.phase())
                .put("startTimeStamp", GoTime.rfc3339(task.created())).put("endTimeStamp", GoTime.rfc3339(task.updated()));
    }

    private static String uuid(SplittableRandom random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
