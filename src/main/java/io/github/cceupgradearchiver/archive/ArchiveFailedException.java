package io.github.cceupgradearchiver.archive;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/** The job failed: before it could open its run (discovery could not list a project), or on the way (the database went away). */
public final class ArchiveFailedException extends RuntimeException {

    private final @Nullable RunSummary summary;

    ArchiveFailedException(JobExecution execution) {
        super("archive job " + execution.getStatus() + " before it started: " + firstCause(execution),
                execution.getAllFailureExceptions().stream().findFirst().orElse(null));
        this.summary = null;
    }

    ArchiveFailedException(JobExecution execution, RunSummary summary) {
        super(summary.describe() + "; " + unfinished(execution) + " clusters could not be written ("
                        + firstCause(execution) + "); the next archive run resumes them",
                execution.getAllFailureExceptions().stream().findFirst().orElse(null));
        this.summary = summary;
    }

    public @Nullable RunSummary summary() {
        return summary;
    }

    private static long unfinished(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().contains(":") && step.getStatus() != BatchStatus.COMPLETED)
                .count();
    }

    private static String firstCause(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return "no cause recorded";
        }
        Throwable root = failures.get(0);
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip().lines().findFirst().orElse("");
    }
}
