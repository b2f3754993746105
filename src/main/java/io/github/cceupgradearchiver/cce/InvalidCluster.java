package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ClusterFamily;

/**
 * A cluster the API listed that cannot be archived: its id or name fails {@link io.github.cceupgradearchiver.config.CloudIds},
 * or it has no id at all. It is never sent in a request path; the run records it as a failed cluster.
 *
 * @param shownId the id as listed, escaped and capped (what {@code cluster_fetch.cluster_id} records), or a note
 *                such as {@code (no metadata.uid, item 3)}
 */
public record InvalidCluster(String projectId, String region, String shownId, String reason, ClusterFamily family) {

    /** Listed by the Autopilot API. */
    public InvalidCluster(String projectId, String region, String shownId, String reason) {
        this(projectId, region, shownId, reason, ClusterFamily.AUTOPILOT);
    }
}
