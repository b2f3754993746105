package io.github.cceupgradearchiver.observability;

import io.github.cceupgradearchiver.archive.ArchiveRunFinished;
import io.github.cceupgradearchiver.archive.RunStatus;
import io.github.cceupgradearchiver.archive.RunSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.context.event.EventListener;

/**
 * Records a finished run as gauges and pushes all of the run's metrics to the Pushgateway, when one is
 * configured. The last-success timestamp is sent only by a successful run, so after a failed one the gateway
 * still holds the previous success and {@code time() - archiver_run_last_success_timestamp_seconds} alerts on
 * staleness. The failure streaks say whether the clusters that failed also failed in the runs before.
 */
public class RunMetricsPublisher {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    private final PrometheusMeterRegistry registry;
    private final Pushgateway pushgateway;
    private final FailureStreaks failureStreaks;
    private final Clock clock;

    RunMetricsPublisher(PrometheusMeterRegistry registry, Pushgateway pushgateway, FailureStreaks failureStreaks,
                        Clock clock) {
        this.registry = registry;
        this.pushgateway = pushgateway;
        this.failureStreaks = failureStreaks;
        this.clock = clock;
    }

    /** Every archive run that ended, whichever command ran it. */
    @EventListener
    public void on(ArchiveRunFinished finished) {
        publish(finished.summary());
    }

    public void publish(RunSummary summary) {
        record(summary);
        if (pushgateway.configured()) {
            recordFailureStreaks(summary.runId());
            pushgateway.push(registry.getPrometheusRegistry(), Map.of(), "metrics of run " + summary.runId());
        }
    }

    private void record(RunSummary summary) {
        gauge("archiver.run.clusters", summary.clustersTotal() - summary.clustersFailed(), "outcome", "ok");
        gauge("archiver.run.clusters", summary.clustersFailed(), "outcome", "failed");
        gauge("archiver.run.tasks", summary.tasksSeen(), "kind", "seen");
        gauge("archiver.run.tasks", summary.tasksInserted(), "kind", "inserted");
        gauge("archiver.run.tasks", summary.tasksChanged(), "kind", "changed");
        gauge("archiver.run.tasks", summary.tasksRejected(), "kind", "rejected");
        gauge("archiver.run.tasks", summary.tasksDelisted(), "kind", "delisted");
        gauge("archiver.run.duration.seconds", summary.elapsed().toMillis() / 1000.0);
        gauge("archiver.run.exit.code", summary.exitCode());
        double now = clock.millis() / 1000.0;
        gauge("archiver.run.last.finished.timestamp.seconds", now);
        if (summary.status() == RunStatus.SUCCEEDED) {
            gauge("archiver.run.last.success.timestamp.seconds", now);
        }
    }

    /** Left out, with a warning, when the database cannot say: the rest of the run's metrics still go out. */
    private void recordFailureStreaks(long runId) {
        List<Integer> streaks;
        try {
            streaks = failureStreaks.of(runId);
        } catch (DataAccessException e) {
            log.warn("metrics of run {} go without failure streaks: {}", runId, e.getMostSpecificCause().getMessage());
            return;
        }
        FailureStreaks.atLeast(streaks).forEach((runs, clusters) -> Gauge.builder(
                        "archiver.run.clusters.failed.consecutive.runs", () -> clusters)
                .description("clusters that failed in this run and in each of their fetches of the at_least - 1 runs before")
                .tag("at_least", String.valueOf(runs)).register(registry));
        int longest = streaks.stream().mapToInt(Integer::intValue).max().orElse(0);
        Gauge.builder("archiver.run.longest.failure.streak.runs", () -> longest)
                .description("the most runs in a row that a cluster failing in this run has failed").register(registry);
    }

    private void gauge(String name, double value, String... tags) {
        Gauge.builder(name, () -> value).tags(tags).register(registry);
    }
}
