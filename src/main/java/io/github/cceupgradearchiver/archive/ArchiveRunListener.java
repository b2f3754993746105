package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import io.github.cceupgradearchiver.history.Seal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Opens the {@code archive_run} row and fixes the run's cluster list before the first fetch; when the
 * job ends, whatever the outcome, seals the run's revisions and closes the row. The list and the run id live in the
 * job's execution context, where the partitioner and the writers find them.
 */
final class ArchiveRunListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger("archive");

    static final String RUN_ID = "archiveRunId";
    static final String CLUSTERS = "clusters";
    static final String WITNESS_FAILURE = "witnessFailure";

    private final ClusterInventory inventory;
    private final ArchiveRuns runs;
    private final ClusterOutcomeLog outcomes;
    private final ArchiveSealer sealer;
    private final Clock clock;

    ArchiveRunListener(ClusterInventory inventory, ArchiveRuns runs, ClusterOutcomeLog outcomes, ArchiveSealer sealer,
                       Clock clock) {
        this.inventory = inventory;
        this.runs = runs;
        this.outcomes = outcomes;
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        List<ClusterRef> clusters = inventory.resolve();
        long jobInstanceId = jobExecution.getJobInstanceId();
        // A restarted job instance continues its run: same run id, and Spring Batch skips the clusters already archived.
        Optional<Long> unfinished = runs.runOfJobInstance(jobInstanceId);
        long runId;
        int archived = 0;
        if (unfinished.isPresent()) {
            runId = unfinished.get();
            archived = runs.reopen(runId, clusters.size());
            log.info("resuming archive run {}: {} of {} clusters were archived before it stopped",
                    runId, archived, clusters.size());
        } else {
            runId = runs.open(jobInstanceId, clusters.size(), clock.instant());
        }
        jobExecution.getExecutionContext().putLong(RUN_ID, runId);
        jobExecution.getExecutionContext().put(CLUSTERS, new ArrayList<>(clusters));
        outcomes.start(clusters.size() - archived);
    }

    /** Seals whatever the run added, even when it failed: what was committed is part of the archive. */
    @Override
    public void afterJob(JobExecution jobExecution) {
        var context = jobExecution.getExecutionContext();
        if (context.containsKey(RUN_ID)) {
            long runId = context.getLong(RUN_ID);
            Seal seal = sealer.seal(runId, clock.instant());
            log.info("sealed run {}: {} new revisions, seal {}{}, head digest {}", runId, seal.revisionCount(),
                    seal.sealId(), seal.keyFingerprint() == null ? "" : " signed by key " + seal.keyFingerprint(),
                    seal.digest());
            if (seal.witnessFailure() != null) {
                // The seal is committed: nothing of the archive is lost, but its outside record is missing.
                log.error("seal {} is in the archive, but the witness could not record it: {}", seal.sealId(),
                        seal.witnessFailure());
                context.putString(WITNESS_FAILURE, seal.witnessFailure());
            }
            runs.close(runId, statusOf(jobExecution.getStatus()), clock.instant());
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
