package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.InvalidCluster;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import io.github.cceupgradearchiver.history.Seal;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Before the first fetch, ties the run to its job instance and records the listed clusters that cannot be fetched;
 * when the job ends, whatever the outcome, seals the run's revisions and closes the run's row.
 */
final class ArchiveRunListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger("archive");

    private final ArchivePlans plans;
    private final ArchiveRuns runs;
    private final ClusterFetches fetches;
    private final ClusterOutcomeLog outcomes;
    private final ArchiveSealer sealer;
    private final Clock clock;

    ArchiveRunListener(ArchivePlans plans, ArchiveRuns runs, ClusterFetches fetches, ClusterOutcomeLog outcomes,
                       ArchiveSealer sealer, Clock clock) {
        this.plans = plans;
        this.runs = runs;
        this.fetches = fetches;
        this.outcomes = outcomes;
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ArchivePlan plan = plans.get(runIdOf(jobExecution));
        runs.continueRun(plan.runId(), jobExecution.getJobInstanceId(), plan.clustersTotal());
        outcomes.start(plan.toFetch().size() + plan.invalid().size());
        for (InvalidCluster invalid : plan.invalid()) {
            fetches.invalid(plan.runId(), invalid, clock.instant());
            outcomes.invalid(invalid);
        }
    }

    /** Seals whatever the run added, even when it failed: what was committed is part of the archive. */
    @Override
    public void afterJob(JobExecution jobExecution) {
        long runId = runIdOf(jobExecution);
        report(runId, sealer.seal(runId, clock.instant()), plans.get(runId));
        runs.close(runId, statusOf(jobExecution.getStatus()), clock.instant());
    }

    /** Logs run {@code runId}'s seal; a witness failure is also told to {@code plan}, whose run reports it. */
    static void report(long runId, Seal seal, ArchivePlan plan) {
        log.info("sealed run {}: {} new revisions, seal {}{}, head digest {}", runId, seal.revisionCount(),
                seal.sealId(), seal.keyFingerprint() == null ? "" : " signed by key " + seal.keyFingerprint(),
                seal.digest());
        if (seal.witnessFailure() != null) {
            // The seal is committed: nothing of the archive is lost, but its outside record is missing.
            log.error("seal {} is in the archive, but the witness could not record it: {}", seal.sealId(),
                    seal.witnessFailure());
            plan.sealNotWitnessed(seal.witnessFailure());
        }
    }

    static long runIdOf(JobExecution jobExecution) {
        Long runId = jobExecution.getJobParameters().getLong(ArchivePlans.RUN_ID);
        if (runId == null) {
            throw new IllegalStateException("the archive job was started without " + ArchivePlans.RUN_ID);
        }
        return runId;
    }

    private static RunStatus statusOf(BatchStatus status) {
        return switch (status) {
            case COMPLETED -> RunStatus.SUCCEEDED;
            case STOPPING, STOPPED -> RunStatus.STOPPED;
            default -> RunStatus.FAILED;
        };
    }
}
