package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.text.Failures;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.JobExecution;

/** The job failed on the way: the database went away, or the job could not record itself. */
public final class ArchiveFailedException extends RuntimeException {

    private final RunSummary summary;

    private ArchiveFailedException(String message, @Nullable Throwable cause, RunSummary summary) {
        super(message, cause);
        this.summary = summary;
    }

    /** The job ended on the way, with {@code unwritten} of the run's clusters not archived. */
    static ArchiveFailedException onTheWay(JobExecution execution, RunSummary summary, int unwritten) {
        Throwable cause = cause(execution);
        return new ArchiveFailedException(summary.describe() + "; " + unwritten + " clusters could not be written ("
                + Failures.describe(cause) + "); the next archive run today continues this one", cause, summary);
    }

    public RunSummary summary() {
        return summary;
    }

    /**
     * The failure that explains the others: the partition manager only says that a partition failed, so a
     * failure with a database error in its chain comes first, then any other.
     */
    private static @Nullable Throwable cause(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        return failures.stream().filter(Failures::fromDatabase).findFirst()
                .orElse(failures.stream().findFirst().orElse(null));
    }
}
