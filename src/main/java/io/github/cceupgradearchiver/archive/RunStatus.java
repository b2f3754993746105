package io.github.cceupgradearchiver.archive;

/** {@code archive_run.status}: SUCCEEDED and PARTIAL runs went through every cluster; the others are continued. */
public enum RunStatus {
    RUNNING, SUCCEEDED, PARTIAL, FAILED, STOPPED
}
