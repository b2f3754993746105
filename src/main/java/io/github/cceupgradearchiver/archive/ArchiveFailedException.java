package io.github.cceupgradearchiver.archive;

import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.core.NestedExceptionUtils;

/** The job failed: before it could open its run (discovery could not list a project), or on the way (the database went away). */
public final class ArchiveFailedException extends RuntimeException {

    private final @Nullable RunSummary summary;

    private ArchiveFailedException(String message, @Nullable Throwable cause, @Nullable RunSummary summary) {
        super(message, cause);
        this.summary = summary;
    }

    /** The job ended before it opened its run. */
    static ArchiveFailedException beforeStart(JobExecution execution) {
        Throwable cause = cause(execution);
        return new ArchiveFailedException(
                "archive job " + execution.getStatus() + " before it started: " + rootMessage(cause), cause, null);
    }

    /** The job ended on the way, with {@code unwritten} of the run's clusters not archived. */
    static ArchiveFailedException onTheWay(JobExecution execution, RunSummary summary, int unwritten) {
        Throwable cause = cause(execution);
        return new ArchiveFailedException(summary.describe() + "; " + unwritten + " clusters could not be written ("
                + rootMessage(cause) + "); the next archive run resumes them", cause, summary);
    }

    public @Nullable RunSummary summary() {
        return summary;
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
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip().lines().findFirst().orElse("");
    }
}
