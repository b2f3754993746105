package io.github.cceupgradearchiver.observability;

import io.github.cceupgradearchiver.archive.ArchiveRunFinished;
import io.github.cceupgradearchiver.archive.RunStatus;
import io.github.cceupgradearchiver.archive.RunSummary;
import io.github.cceupgradearchiver.config.ArchiverProperties.MetricsProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Records a finished run as gauges and pushes all of the run's metrics to the Pushgateway, when one is
 * configured. It pushes with POST, which replaces only the metrics it sends: the last-success timestamp is
 * sent only by a successful run, so after a failed one the gateway still holds the previous success and
 * {@code time() - archiver_run_last_success_timestamp_seconds} alerts on staleness.
 */
public class RunMetricsPublisher {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    private final PrometheusMeterRegistry registry;
    private final MetricsProperties properties;
    private final Clock clock;

    RunMetricsPublisher(PrometheusMeterRegistry registry, MetricsProperties properties, Clock clock) {
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every archive run that ended, whichever command ran it. */
    @EventListener
    public void on(ArchiveRunFinished finished) {
        publish(finished.summary());
    }

    public void publish(RunSummary summary) {
        record(summary);
        URI url = properties.pushgatewayUri();
        if (url == null) {
            return;
        }
        try {
            PushGateway.builder()
                    .scheme("https".equalsIgnoreCase(url.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                    .address(url.getHost() + ":" + (url.getPort() < 0 ? 9091 : url.getPort()))
                    .job(properties.job())
                    .format(Format.PROMETHEUS_TEXT)
                    .registry(registry.getPrometheusRegistry())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(10))
                    .build()
                    .pushAdd();
            log.info("metrics of run {} pushed to {} as job {}", summary.runId(), url, properties.job());
        } catch (IOException | RuntimeException e) {
            // Monitoring trouble must not turn an archived run into a failed one; the missing push is itself visible.
            log.warn("could not push metrics to {}: {}", url, e.getMessage());
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
        gauge("archiver.run.exit.code", exitCode(summary.status()));
        double now = clock.millis() / 1000.0;
        gauge("archiver.run.last.finished.timestamp.seconds", now);
        if (summary.status() == RunStatus.SUCCEEDED) {
            gauge("archiver.run.last.success.timestamp.seconds", now);
        }
    }

    /** The code the archive command exits with for this status (SPEC.md): what alerts compare against. */
    private static int exitCode(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> 0;
            case PARTIAL -> 3;
            case RUNNING, FAILED, STOPPED -> 1;
        };
    }

    private void gauge(String name, double value, String... tags) {
        Gauge.builder(name, () -> value).tags(tags).register(registry);
    }
}
