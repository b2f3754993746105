package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.CceApi;
import java.time.Clock;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;

/** Runs the archive job once, synchronously, and reports what the run recorded. */
public class ArchiveService {

    private final JobOperator jobOperator;
    private final Job archiveJob;
    private final ClusterInventory inventory;
    private final CceApi api;
    private final ArchiveRuns runs;
    private final Clock clock;

    ArchiveService(JobOperator jobOperator, Job archiveJob, ClusterInventory inventory, CceApi api,
                   ArchiveRuns runs, Clock clock) {
        this.jobOperator = jobOperator;
        this.archiveJob = archiveJob;
        this.inventory = inventory;
        this.api = api;
        this.runs = runs;
        this.clock = clock;
    }

    public RunSummary archive() throws Exception {
        // Configuration mistakes surface here, before the job exists, as exit code 2.
        inventory.requireSomethingToArchive();
        api.requireCredentials();
        var parameters = new JobParametersBuilder()
                .addString("requestedAt", clock.instant().toString())
                .toJobParameters();
        JobExecution execution = jobOperator.start(archiveJob, parameters);
        var context = execution.getExecutionContext();
        if (!context.containsKey(ArchiveRunListener.RUN_ID)) {
            throw new ArchiveFailedException(execution);
        }
        return runs.summary(context.getLong(ArchiveRunListener.RUN_ID));
    }
}
