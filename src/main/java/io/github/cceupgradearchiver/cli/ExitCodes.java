package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.archive.RunStatus;

/** The exit codes of SPEC.md, the same for every command. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int PARTIAL = 3;
    static final int LOCKED = 4;
    static final int ALTERED = 5;

    private ExitCodes() {
    }

    /** An archive run's code: 0 every cluster archived, 3 some failed, 1 the run did not go through its clusters. */
    static int of(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> OK;
            case PARTIAL -> PARTIAL;
            case RUNNING, FAILED, STOPPED -> FAILED;
        };
    }
}
