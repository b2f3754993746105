package io.github.cceupgradearchiver.archive;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Set when the process is asked to stop (SIGTERM): clusters not yet started are left for the next run,
 * retries end early, and the chunks in flight finish or roll back.
 */
public final class StopSignal {

    private final AtomicBoolean requested = new AtomicBoolean();

    public void request() {
        requested.set(true);
    }

    public boolean requested() {
        return requested.get();
    }
}
