package io.github.cceupgradearchiver.archive;

import org.springframework.batch.core.job.JobExecution;

/** The job failed before it could open its run, for example when discovery could not list a project. */
public final class ArchiveFailedException extends RuntimeException {

    ArchiveFailedException(JobExecution execution) {
        super("archive job " + execution.getStatus() + " before it started: " + execution.getAllFailureExceptions()
                .stream().map(Throwable::getMessage).findFirst().orElse("no cause recorded"),
                execution.getAllFailureExceptions().stream().findFirst().orElse(null));
    }
}
