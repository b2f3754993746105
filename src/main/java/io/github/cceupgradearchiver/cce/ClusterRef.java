package io.github.cceupgradearchiver.cce;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/** One cluster to archive: where it lives and what operators call it. */
public record ClusterRef(String projectId, String region, String clusterId, @Nullable String name)
        implements Serializable {

    /** The name when there is one, else the id: what log lines and reports show. */
    public String label() {
        return name == null || name.isBlank() ? clusterId : name;
    }
}
