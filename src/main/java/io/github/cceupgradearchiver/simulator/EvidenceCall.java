package io.github.cceupgradearchiver.simulator;

/** The evidence calls CCE answers per cluster, in both families, by the path after {@code /clusters/{id}/}. */
public enum EvidenceCall {

    PRECHECK("v3", "operation/precheck/tasks", "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":[]}"),
    SNAPSHOT("v3.1", "operation/snapshot/tasks", "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":[]}"),
    WORKFLOW("v3", "operation/upgradeworkflows", "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"items\":[]}"),
    UPGRADE_INFO("v3", "upgradeinfo", "{\"kind\":\"UpgradeInfo\",\"apiVersion\":\"v3\",\"metadata\":{},\"spec\":{},\"status\":{}}");

    private final String apiVersion;
    private final String path;
    private final String empty;

    EvidenceCall(String apiVersion, String path, String empty) {
        this.apiVersion = apiVersion;
        this.path = path;
        this.empty = empty;
    }

    /** {@code v3}, or {@code v3.1} for snapshots. */
    String apiVersion() {
        return apiVersion;
    }

    String path() {
        return path;
    }

    /** The answer for a cluster without any evidence of this kind. */
    public String empty() {
        return empty;
    }

    static EvidenceCall of(String apiVersion, String path) {
        for (EvidenceCall call : values()) {
            if (call.apiVersion.equals(apiVersion) && call.path.equals(path)) {
                return call;
            }
        }
        throw new IllegalArgumentException("no evidence call " + apiVersion + " " + path);
    }
}
