package io.github.cceupgradearchiver.cli;

/** The exit codes of SPEC.md, the same for every command; an archive run's own (0, 1, 3) come from its {@code RunStatus}. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int LOCKED = 4;
    static final int ALTERED = 5;

    private ExitCodes() {
    }
}
