package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.RejectedItem;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.text.SafeText;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code rejected_task}: items that cannot be archived, each distinct item once per cluster, with what it was listed as. */
final class Quarantine {

    private static final String QUARANTINE = """
            INSERT INTO upgrade_history.rejected_task
                (run_id, project_id, family, cluster_id, kind, task_id, reason, raw_text, rejected_at, raw_sha256)
            SELECT :runId, :projectId, :family, :clusterId, :kind, r.task_id, r.reason, r.raw_text, :now,
                   encode(sha256(convert_to(r.raw_text, 'UTF8')), 'hex')
            FROM unnest(:taskIds::text[], :reasons::text[], :rawTexts::text[]) AS r(task_id, reason, raw_text)
            ON CONFLICT (cluster_id, raw_sha256) DO NOTHING
            """;

    /** How much of a refused item's uid and of a reason {@code rejected_task} keeps. */
    private static final int MAX_REASON_CHARS = 1_000;

    private final JdbcClient jdbc;
    private final long runId;

    Quarantine(JdbcClient jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    /** What cannot be stored as text (NUL) is escaped, long uids and reasons capped. */
    void add(ClusterRef cluster, String kind, List<RejectedItem> rejected, Instant now) {
        if (rejected.isEmpty()) {
            return;
        }
        jdbc.sql(QUARANTINE)
                .param("runId", runId)
                .param("projectId", cluster.projectId())
                .param("family", cluster.family().value())
                .param("clusterId", cluster.clusterId())
                .param("kind", kind)
                .param("now", Timestamp.from(now))
                .param("taskIds", SqlArrays.column(rejected, item -> SafeText.storable(item.taskId(),
                        UpgradeTaskNormalizer.MAX_TASK_ID_CHARS)))
                .param("reasons", SqlArrays.column(rejected, item -> SafeText.storable(item.reason(), MAX_REASON_CHARS)))
                .param("rawTexts", SqlArrays.column(rejected, item -> SafeText.storable(item.rawText(), Integer.MAX_VALUE)))
                .update();
    }
}
