package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.CloudIds;
import io.github.cceupgradearchiver.config.ClusterFamily;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One cluster to archive: where it lives and what operators call it. It cannot be made with an id, project or region
 * that {@link CloudIds} refuses, so none ever reaches a request path. Its family says which API serves it
 * ({@code /autopilot} or {@code /api}); a cluster exists in one family only.
 *
 * @param account the account of {@code archiver.accounts} whose keys sign its calls, or {@value Accounts#DEFAULT}
 */
public record ClusterRef(String projectId, String region, String clusterId, @Nullable String name, ClusterFamily family,
                         String account) {

    public ClusterRef {
        name = name == null || name.isBlank() ? null : name;
        account = account == null || account.isBlank() ? Accounts.DEFAULT : account;
        Optional<String> problem = problem(projectId, region, clusterId, name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** An Autopilot cluster of the default credentials. */
    public ClusterRef(String projectId, String region, String clusterId, @Nullable String name) {
        this(projectId, region, clusterId, name, ClusterFamily.AUTOPILOT, Accounts.DEFAULT);
    }

    /** A cluster of the default credentials. */
    public ClusterRef(String projectId, String region, String clusterId, @Nullable String name, ClusterFamily family) {
        this(projectId, region, clusterId, name, family, Accounts.DEFAULT);
    }

    /** An Autopilot cluster of {@code account}. */
    public ClusterRef(String projectId, String region, String clusterId, @Nullable String name, String account) {
        this(projectId, region, clusterId, name, ClusterFamily.AUTOPILOT, account);
    }

    /** Why these would not make a cluster, or empty: {@link CloudIds}, for each part. */
    public static Optional<String> problem(String projectId, String region, String clusterId, @Nullable String name) {
        return CloudIds.idProblem(clusterId).map(why -> "cluster id " + why)
                .or(() -> CloudIds.idProblem(projectId).map(why -> "project id " + why))
                .or(() -> CloudIds.regionProblem(region).map(why -> "region " + why))
                .or(() -> CloudIds.nameProblem(name == null || name.isBlank() ? null : name).map(why -> "cluster name " + why));
    }

    /** The name when there is one, else the id: what log lines and reports show. */
    public String label() {
        return name == null ? clusterId : name;
    }
}
