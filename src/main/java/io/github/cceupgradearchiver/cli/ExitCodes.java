package io.github.cceupgradearchiver.cli;

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
}
