package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Opens the {@code archive_run} row and fixes the run's cluster list before the first fetch, and
 * closes the row when the job ends, whatever the outcome. The list and the run id live in the job's
 * execution context, so the partitions (and a restart) see the same ones.
 */
final class ArchiveRunListener implements JobExecutionListener {

    static final String RUN_ID = "archiveRunId";
    static final String CLUSTERS = "clusters";

    private final ClusterInventory inventory;
    private final ArchiveRuns runs;
    private final ClusterOutcomeLog outcomes;
    private final Clock clock;

    ArchiveRunListener(ClusterInventory inventory, ArchiveRuns runs, ClusterOutcomeLog outcomes, Clock clock) {
        this.inventory = inventory;
        this.runs = runs;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        List<ClusterRef> clusters = inventory.resolve();
        long runId = runs.open(jobExecution.getJobInstanceId(), clusters.size(), clock.instant());
        jobExecution.getExecutionContext().putLong(RUN_ID, runId);
        jobExecution.getExecutionContext().put(CLUSTERS, new ArrayList<>(clusters));
        outcomes.start(clusters.size());
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        var context = jobExecution.getExecutionContext();
        if (context.containsKey(RUN_ID)) {
            runs.close(context.getLong(RUN_ID), statusOf(jobExecution.getStatus()), clock.instant());
        }
    }

    private static RunStatus statusOf(BatchStatus status) {
        return switch (status) {
            case COMPLETED -> RunStatus.SUCCEEDED;
            case STOPPING, STOPPED -> RunStatus.STOPPED;
            default -> RunStatus.FAILED;
        };
    }
}
