package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.StopSignal;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import io.github.cceupgradearchiver.history.Seal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Runs the archive job once, synchronously, under the archive lock, and reports what the run recorded.
 * <p>
 * A run that did not go through all its clusters (stopped, failed, killed) and started today (UTC) is continued by the
 * next run of the same accounts (its scope: another configuration's runs never continue, or hide, this one's):
 * same run, and the clusters it archived are not fetched again; every other cluster is, those that failed included.
 * A run left unfinished on an earlier day is not: the new run fetches every cluster, so a day's archive is never
 * yesterday's; a run its process left unsealed is sealed and closed first. Each execution is a new job instance whose plan is made here from today's configuration and
 * discovery; Spring Batch never restarts one, so no saved position can bring a run back to a cluster that failed it.
 * An execution that the database still shows as running, while we hold the lock, belongs to a process that died
 * (kill -9, OOM, node loss); it is marked failed.
 */
public class ArchiveService {

    private static final Logger log = LoggerFactory.getLogger("archive");

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job archiveJob;
    private final ClusterInventory inventory;
    private final CceApi api;
    private final ArchiveRuns runs;
    private final ArchivePlans plans;
    private final ArchiveSealer sealer;
    private final DataSource dataSource;
    private final StopSignal stop;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ArchiveService(JobOperator jobOperator, JobRepository jobRepository, Job archiveJob, ClusterInventory inventory,
                   CceApi api, ArchiveRuns runs, ArchivePlans plans, ArchiveSealer sealer, DataSource dataSource,
                   StopSignal stop, ApplicationEventPublisher events, Clock clock) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.archiveJob = archiveJob;
        this.inventory = inventory;
        this.api = api;
        this.runs = runs;
        this.plans = plans;
        this.sealer = sealer;
        this.dataSource = dataSource;
        this.stop = stop;
        this.events = events;
        this.clock = clock;
    }

    public RunSummary archive() throws Exception {
        // Configuration mistakes surface here, before anything is written, as exit code 2.
        inventory.checkConfiguration();
        api.requireReady();
        sealer.requireReady();
        try (ArchiveLock lock = ArchiveLock.tryAcquire(dataSource)
                .orElseThrow(() -> new ArchiveLockedException(ArchiveLock.holder(dataSource)))) {
            lock.watch(() -> {
                log.error("database problem: the connection holding the archive lock was lost, so another run could "
                        + "start beside this one; stopping this run (the next archive run continues it)");
                stop.request();
            });
            recoverDeadExecution();
            ArchivePlan plan = plan(inventory.resolve());
            plans.put(plan);
            try {
                JobExecution execution = jobOperator.start(archiveJob, new JobParametersBuilder()
                        .addLong(ArchivePlans.RUN_ID, plan.runId())
                        .addString("requestedAt", clock.instant().toString())
                        .toJobParameters());
                RunSummary summary = runs.summary(plan.runId()).witnessed(plan.witnessFailure());
                events.publishEvent(new ArchiveRunFinished(summary));
                // FAILED, or UNKNOWN when Spring Batch could not even record how the job ended
                if (execution.getStatus() != BatchStatus.COMPLETED && execution.getStatus() != BatchStatus.STOPPED) {
                    throw ArchiveFailedException.onTheWay(execution, summary,
                            summary.clustersTotal() - runs.fetched(plan.runId()));
                }
                return summary;
            } finally {
                plans.remove(plan.runId());
            }
        }
    }

    /** Continues today's unfinished run, or opens a new one; either way, with the clusters known now. */
    private ArchivePlan plan(ClusterInventory.Inventory clusters) {
        Instant now = clock.instant();
        int total = clusters.clusters().size() + clusters.invalid().size();
        String scope = inventory.scope();
        Optional<ArchiveRuns.LastRun> last = runs.last(scope).filter(ArchiveRuns.LastRun::unfinished);
        if (last.isPresent() && utcDay(last.get().startedAt()).equals(utcDay(now))) {
            long runId = last.get().runId();
            Set<String> archived = runs.archivedClusters(runId);
            List<ClusterRef> toFetch = clusters.clusters().stream()
                    .filter(cluster -> !archived.contains(cluster.clusterId())).toList();
            log.info("resuming archive run {}: {} of {} clusters were archived before it stopped", runId,
                    clusters.clusters().size() - toFetch.size(), total);
            return new ArchivePlan(runId, toFetch, clusters.invalid(), total);
        }
        if (last.isPresent()) {
            log.warn("archive run {} of {} did not finish; it stays as it is, and this run fetches every cluster",
                    last.get().runId(), utcDay(last.get().startedAt()));
            if (last.get().status() == RunStatus.RUNNING) {
                // Its process died before it could seal: seal what it committed, as every closed run is sealed.
                Seal seal = sealer.seal(last.get().runId(), now);
                runs.close(last.get().runId(), RunStatus.FAILED, now);
                ArchivePlan plan = new ArchivePlan(runs.open(total, scope, now), clusters.clusters(), clusters.invalid(), total);
                ArchiveRunListener.report(last.get().runId(), seal, plan);
                return plan;
            }
        }
        return new ArchivePlan(runs.open(total, scope, now), clusters.clusters(), clusters.invalid(), total);
    }

    private static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Still "running" in the database while we hold the lock: its process died, or lost the database before it could
     * record the end of a step. Marked failed, so that Spring Batch's records say what happened.
     */
    private void recoverDeadExecution() {
        JobInstance last = jobRepository.getLastJobInstance(archiveJob.getName());
        JobExecution execution = last == null ? null : jobRepository.getLastJobExecution(last);
        if (execution == null) {
            return;
        }
        boolean stale = execution.getStatus().isRunning()
                || execution.getStepExecutions().stream().anyMatch(step -> step.getStatus().isRunning());
        if (stale) {
            log.warn("job execution {} is still marked {} but no process holds the archive lock: its process died "
                    + "or lost the database; marking it failed", execution.getId(), execution.getStatus());
            jobOperator.recover(execution);
        }
    }
}
