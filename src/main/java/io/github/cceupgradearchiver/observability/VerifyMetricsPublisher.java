package io.github.cceupgradearchiver.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * Pushes the outcome of a command that verified the archive ({@code verify}, or {@code report} and {@code export},
 * which verify first): its exit code (5: the archive was altered), when it ran and, on exit 0, when the archive was
 * last found intact. They go to a group of their own ({@code command="verify"}, {@code "report"} or {@code "export"}
 * beside the job), so that none replaces the archive run's metrics nor another command's, and only these are sent.
 */
public class VerifyMetricsPublisher {

    private final Pushgateway pushgateway;
    private final Clock clock;

    VerifyMetricsPublisher(Pushgateway pushgateway, Clock clock) {
        this.pushgateway = pushgateway;
        this.clock = clock;
    }

    public void publish(String command, int exitCode) {
        if (!pushgateway.configured()) {
            return;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        double now = clock.millis() / 1000.0;
        gauge(registry, "archiver.verify.exit.code", exitCode,
                "exit code of the last verify (or report): 0 intact, 5 the archive was altered, 1 failed, 2 bad configuration");
        gauge(registry, "archiver.verify.last.run.timestamp.seconds", now, "when verify (or report) last finished");
        if (exitCode == 0) {
            gauge(registry, "archiver.verify.last.intact.timestamp.seconds", now,
                    "when verify (or report) last found the archive intact");
        }
        pushgateway.push(registry.getPrometheusRegistry(), Map.of("command", command), "outcome of " + command);
    }

    private static void gauge(PrometheusMeterRegistry registry, String name, double value, String description) {
        Gauge.builder(name, () -> value).description(description).register(registry);
    }
}
