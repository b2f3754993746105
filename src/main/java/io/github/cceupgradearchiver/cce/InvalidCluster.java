package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ClusterFamily;

/**
 * A cluster the API listed that cannot be archived: its id or name fails {@link io.github.cceupgradearchiver.config.CloudIds},
 * or it has no id at all; or, standing for the clusters nobody could name, a project whose clusters of one family could
 * not be listed ({@link #unlisted}). It is never sent in a request path; the run records it as a failed cluster.
 *
 * @param shownId the id as listed (what {@code cluster_fetch.cluster_id} records); escaped and capped, with a short
 *                hash of the whole id, when it has to be; or a note such as
 *                {@code (project 0a1b… in cn-north-4: no metadata.uid, item 3)}
 * @param account the account whose keys listed it
 * @param failure what the run records and logs for it
 */
public record InvalidCluster(String projectId, String region, String shownId, String account, ApiFailure failure,
                             ClusterFamily family) {

    /** A listed cluster whose id, name or project the archive cannot use: the API answered, the listing is bad. */
    public InvalidCluster(String projectId, String region, String shownId, String account, String reason,
                          ClusterFamily family) {
        this(projectId, region, shownId, account, new ApiFailure(FailureClass.BAD_RESPONSE, 200, null, reason), family);
    }

    /**
     * A project whose clusters of one family could not be listed after the call policy's retries: it fails (exit 3) in
     * place of its clusters, while the other projects' clusters are archived.
     */
    public static InvalidCluster unlisted(String projectId, String region, ClusterFamily family, String account,
                                          ApiFailure failure) {
        return new InvalidCluster(projectId, region, "(project " + projectId + " in " + region + ": "
                + family.value() + " clusters not listed)", account,
                new ApiFailure(failure.kind(), failure.httpStatus(), failure.errorCode(), "the " + family.value()
                        + " clusters of project " + projectId + " in " + region + " could not be listed ("
                        + failure.message() + "); none of them was archived"), family);
    }
}
