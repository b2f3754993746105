package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ClusterFamily;

/**
 * A cluster the API listed that cannot be archived: its id or name fails {@link io.github.cceupgradearchiver.config.CloudIds},
 * or it has no id at all. It is never sent in a request path; the run records it as a failed cluster.
 *
 * @param shownId the id as listed (what {@code cluster_fetch.cluster_id} records); escaped and capped, with a short
 *                hash of the whole id, when it has to be; or a note such as
 *                {@code (project 0a1b… in cn-north-4: no metadata.uid, item 3)}
 * @param account the account whose keys listed it
 */
public record InvalidCluster(String projectId, String region, String shownId, String account, String reason,
                             ClusterFamily family) {
}
