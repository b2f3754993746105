package io.github.cceupgradearchiver.archive;

/** {@code archive_run.status}, and the exit code of SPEC.md that each status means. */
public enum RunStatus {
    RUNNING(1), SUCCEEDED(0), PARTIAL(3), FAILED(1), STOPPED(1);

    private final int exitCode;

    RunStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
