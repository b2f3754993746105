package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.InvalidCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's view of a run: one line per cluster outcome, and a progress line every few seconds. */
final class ClusterOutcomeLog {

    private static final Logger log = LoggerFactory.getLogger("archive");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Clock clock;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong tasks = new AtomicLong();
    private volatile int total;
    private volatile Instant started = Instant.EPOCH;
    private volatile Instant lastProgress = Instant.EPOCH;

    ClusterOutcomeLog(Clock clock) {
        this.clock = clock;
    }

    void start(int clusters) {
        total = clusters;
        done.set(0);
        tasks.set(0);
        started = clock.instant();
        lastProgress = started;
    }

    void committed(ClusterOutcome outcome) {
        var cluster = outcome.cluster();
        var failure = outcome.failure();
        if (failure == null) {
            log.info("cluster {} ({}, account {}) OK: {} tasks, {} new, {} changed, {} rejected, {} delisted",
                    cluster.label(), cluster.clusterId(), cluster.account(), outcome.seen(), outcome.inserted(), outcome.changed(),
                    outcome.rejected(), outcome.delisted());
        } else {
            log.warn("cluster {} ({}, account {}) FAILED: {}", cluster.label(), cluster.clusterId(), cluster.account(),
                    failure.describe());
        }
        counted(outcome.seen());
    }

    /** A listed cluster that is not fetched (its id, name or project is not one the archive can use). */
    void invalid(InvalidCluster cluster) {
        log.warn("cluster {} (account {}) FAILED: {}", cluster.shownId(), cluster.account(), cluster.failure().describe());
        counted(0);
    }

    private void counted(int seen) {
        int clustersDone = done.incrementAndGet();
        long tasksDone = tasks.addAndGet(seen);
        Instant now = clock.instant();
        if (Duration.between(lastProgress, now).compareTo(PROGRESS_EVERY) >= 0) {
            lastProgress = now;
            double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
            log.info("progress: {}/{} clusters, {} tasks, {} tasks/s", clustersDone, total, tasksDone,
                    Math.round(tasksDone / seconds));
        }
    }
}
