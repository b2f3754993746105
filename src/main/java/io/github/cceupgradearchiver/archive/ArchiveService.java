package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Runs the archive job once, synchronously, under the archive lock, and reports what the run recorded.
 * <p>
 * An earlier run that did not complete is resumed rather than started afresh: its clusters already
 * archived are not fetched again. A run that the database still shows as running, while we hold the
 * lock, belongs to a process that died (kill -9, OOM, node loss); it is marked failed first, since
 * Spring Batch refuses to restart an execution it believes alive.
 */
public class ArchiveService {

    private static final Logger log = LoggerFactory.getLogger("archive");

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job archiveJob;
    private final ClusterInventory inventory;
    private final CceApi api;
    private final ArchiveRuns runs;
    private final DataSource dataSource;
    private final StopSignal stop;
    private final ArchiveSealer sealer;
    private final Clock clock;

    ArchiveService(JobOperator jobOperator, JobRepository jobRepository, Job archiveJob, ClusterInventory inventory,
                   CceApi api, ArchiveRuns runs, ArchiveSealer sealer, DataSource dataSource, StopSignal stop, Clock clock) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.archiveJob = archiveJob;
        this.inventory = inventory;
        this.api = api;
        this.runs = runs;
        this.sealer = sealer;
        this.dataSource = dataSource;
        this.stop = stop;
        this.clock = clock;
    }

    public RunSummary archive() throws Exception {
        // Configuration mistakes surface here, before anything is written, as exit code 2.
        inventory.requireSomethingToArchive();
        api.requireCredentials();
        sealer.requireReady();
        try (ArchiveLock lock = ArchiveLock.tryAcquire(dataSource)
                .orElseThrow(() -> new ArchiveLockedException(ArchiveLock.holder(dataSource)))) {
            lock.watch(() -> {
                log.error("database problem: the connection holding the archive lock was lost, so another run could "
                        + "start beside this one; stopping this run (the next archive run resumes it)");
                stop.request();
            });
            Optional<JobExecution> unfinished = unfinishedRun();
            JobExecution execution = unfinished.isPresent() ? resume(unfinished.get()) : startNew();
            var context = execution.getExecutionContext();
            if (!context.containsKey(ArchiveRunListener.RUN_ID)) {
                throw ArchiveFailedException.beforeStart(execution);
            }
            long runId = context.getLong(ArchiveRunListener.RUN_ID);
            RunSummary summary = runs.summary(runId).witnessed(context.containsKey(ArchiveRunListener.WITNESS_FAILURE)
                    ? context.getString(ArchiveRunListener.WITNESS_FAILURE) : null);
            // FAILED, or UNKNOWN when Spring Batch could not even record how the job ended
            if (execution.getStatus() != BatchStatus.COMPLETED && execution.getStatus() != BatchStatus.STOPPED) {
                throw ArchiveFailedException.onTheWay(execution, summary, summary.clustersTotal() - runs.fetched(runId));
            }
            return summary;
        }
    }

    private Optional<JobExecution> unfinishedRun() {
        JobInstance last = jobRepository.getLastJobInstance(archiveJob.getName());
        if (last == null) {
            return Optional.empty();
        }
        JobExecution execution = jobRepository.getLastJobExecution(last);
        if (execution == null || execution.getStatus() == BatchStatus.COMPLETED
                || execution.getStatus() == BatchStatus.ABANDONED) {
            return Optional.empty();
        }
        return Optional.of(execution);
    }

    private JobExecution resume(JobExecution unfinished) throws Exception {
        JobExecution execution = jobRepository.getJobExecution(unfinished.getId());
        markUnknownAsFailed(execution);
        // Still "running" in the database while we hold the lock: its process died (or lost the database
        // before it could record the end of a step). Spring Batch restarts nothing it believes alive.
        boolean stale = execution.getStatus().isRunning()
                || execution.getStepExecutions().stream().anyMatch(step -> step.getStatus().isRunning());
        if (stale) {
            log.warn("job execution {} is still marked {} but no process holds the archive lock: its process died "
                    + "or lost the database; marking it failed", execution.getId(), execution.getStatus());
            execution = jobOperator.recover(execution);
        }
        return jobOperator.restart(execution);
    }

    /**
     * Spring Batch marks a step UNKNOWN when it could not record the step's end (the database went away) and
     * then refuses to restart it. Here that is safe: each cluster's rows and the partition's position commit
     * in one transaction, so the last committed position is exactly where to go on.
     */
    private void markUnknownAsFailed(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription("end of step not recorded; resumed from its last commit"));
                jobRepository.update(step);
            }
        }
        if (execution.getStatus() == BatchStatus.UNKNOWN) {
            execution.setStatus(BatchStatus.FAILED);
            jobRepository.update(execution);
        }
    }

    private JobExecution startNew() throws Exception {
        var parameters = new JobParametersBuilder()
                .addString("requestedAt", clock.instant().toString())
                .toJobParameters();
        return jobOperator.start(archiveJob, parameters);
    }
}
