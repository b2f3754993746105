package io.github.cceupgradearchiver.cce;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Set when the run must stop (SIGTERM, or the archive lock lost): clusters not yet started are left for the next
 * run, retries and their waits end early, and the chunks in flight finish or roll back.
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
