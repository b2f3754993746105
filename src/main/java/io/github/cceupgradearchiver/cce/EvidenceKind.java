package io.github.cceupgradearchiver.cce;

/**
 * The evidence CCE keeps around a cluster's upgrades, one call per kind and cluster (after the family's path prefix,
 * {@code /autopilot} or {@code /api}). {@link #value()} names the kind in the archive ({@code evidence_revision.kind},
 * {@code evidence_fetch.kind}); {@link #table()} is the table holding each object's latest state.
 */
public enum EvidenceKind {

    /** Pre-upgrade checks: items {@code {metadata.uid, spec.targetVersion, status.phase, ...}}. */
    PRECHECK("precheck", "precheck_task", "/v3/projects/{project_id}/clusters/{cluster_id}/operation/precheck/tasks"),
    /** Master snapshots taken before upgrades. */
    SNAPSHOT("snapshot", "snapshot_task", "/v3.1/projects/{project_id}/clusters/{cluster_id}/operation/snapshot/tasks"),
    /** Upgrade workflows, whose {@code status.pointStatuses[].taskID} name an upgrade's steps. */
    WORKFLOW("workflow", "upgrade_workflow", "/v3/projects/{project_id}/clusters/{cluster_id}/operation/upgradeworkflows"),
    /** The cluster's upgrade info: one object per cluster. */
    UPGRADE_INFO("upgrade_info", "cluster_upgrade_info", "/v3/projects/{project_id}/clusters/{cluster_id}/upgradeinfo");

    private final String value;
    private final String table;
    private final String path;

    EvidenceKind(String value, String table, String path) {
        this.value = value;
        this.table = table;
        this.path = path;
    }

    public String value() {
        return value;
    }

    public String table() {
        return table;
    }

    /** The column of {@link #table()} that holds the object's id: {@code cluster_id} for upgrade info, one per cluster. */
    public String idColumn() {
        return switch (this) {
            case WORKFLOW -> "workflow_id";
            case UPGRADE_INFO -> "cluster_id";
            default -> "task_id";
        };
    }

    /** The path after the family's prefix. */
    public String path() {
        return path;
    }

    /** The kind a stored {@link #value()} names. */
    public static EvidenceKind of(String value) {
        for (EvidenceKind kind : values()) {
            if (kind.value.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no evidence kind " + value);
    }
}
