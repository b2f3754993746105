package io.github.cceupgradearchiver.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON of the upgrade-task list, field for field and in the order CCE writes it. */
record UpgradeTaskList(String kind, String apiVersion, Map<String, Object> metadata, List<Task> items) {

    UpgradeTaskList(List<Task> items) {
        this("List", "v3", Map.of(), items);
    }

    record Task(String kind, String apiVersion, Metadata metadata, Spec spec, Status status) {

        Task(Metadata metadata, Spec spec, Status status) {
            this("UpgradeTask", "v3", metadata, spec, status);
        }
    }

    record Metadata(String uid, String creationTimestamp, String updateTimestamp) {}

    record Spec(String version, String targetVersion) {}

    /** The documented example omits progress, so an absent one stays absent. */
    record Status(String phase, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String progress,
            String completionTime) {}
}
