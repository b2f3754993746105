package io.github.cceupgradearchiver.archive;

import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/** The job failed: before it could open its run (discovery could not list a project), or on the way (the database went away). */
public final class ArchiveFailedException extends RuntimeException {

    private final @Nullable RunSummary summary;

    ArchiveFailedException(JobExecution execution) {
        super("archive job " + execution.getStatus() + " before it started: " + rootMessage(cause(execution)),
                cause(execution));
        this.summary = null;
    }

    ArchiveFailedException(JobExecution execution, RunSummary summary) {
        super(summary.describe() + "; " + unfinished(execution) + " clusters could not be written ("
                        + rootMessage(cause(execution)) + "); the next archive run resumes them",
                cause(execution));
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

    /**
     * The failure that explains the others: the partition manager only says that a partition failed, so a
     * failure with a database error in its chain comes first, then any other.
     */
    private static @Nullable Throwable cause(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        return failures.stream().filter(ArchiveFailedException::fromDatabase).findFirst()
                .orElse(failures.stream().findFirst().orElse(null));
    }

    private static boolean fromDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(@Nullable Throwable failure) {
        if (failure == null) {
            return "no cause recorded";
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip().lines().findFirst().orElse("");
    }
}
