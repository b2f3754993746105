package io.github.cceupgradearchiver.observability;

import io.github.cceupgradearchiver.config.ArchiverProperties.MetricsProperties;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured Prometheus Pushgateway ({@code archiver.metrics.*}). It pushes with POST, which replaces in the
 * group only the metrics it sends: a timestamp that is left out (the last success of a failed run) keeps its
 * previous value there, so that alerts can measure staleness from it.
 */
final class Pushgateway {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    private final MetricsProperties properties;

    Pushgateway(MetricsProperties properties) {
        this.properties = properties;
    }

    boolean configured() {
        return properties.pushgatewayUri() != null;
    }

    /**
     * Pushes every metric of {@code registry} to the group of {@code archiver.metrics.job} and {@code groupingKey};
     * a failure is logged, never thrown: monitoring trouble must not change what a command did or its exit code.
     */
    void push(PrometheusRegistry registry, Map<String, String> groupingKey, String what) {
        URI url = properties.pushgatewayUri();
        if (url == null) {
            return;
        }
        try {
            PushGateway.Builder builder = PushGateway.builder()
                    .scheme("https".equalsIgnoreCase(url.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                    .address(url.getHost() + ":" + (url.getPort() < 0 ? 9091 : url.getPort()))
                    .job(properties.job())
                    .format(Format.PROMETHEUS_TEXT)
                    .registry(registry)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(10));
            groupingKey.forEach(builder::groupingKey);
            builder.build().pushAdd();
            log.info("{} pushed to {} as job {}{}", what, url, properties.job(), describe(groupingKey));
        } catch (IOException | RuntimeException e) {
            log.warn("could not push metrics to {}: {}", url, e.getMessage());
        }
    }

    private static String describe(Map<String, String> groupingKey) {
        StringBuilder text = new StringBuilder();
        groupingKey.forEach((name, value) -> text.append(", ").append(name).append(' ').append(value));
        return text.toString();
    }
}
