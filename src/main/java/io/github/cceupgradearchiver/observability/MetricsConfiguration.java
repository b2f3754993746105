package io.github.cceupgradearchiver.observability;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An archive run's metrics (verify's and report's outcome: {@link VerifyMetricsConfiguration}). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    // Our own registry, without Actuator: a batch job has no endpoint to be scraped, it pushes.
    @Bean
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    RunMetricsPublisher runMetricsPublisher(PrometheusMeterRegistry meterRegistry, ArchiverProperties properties,
                                            JdbcClient jdbc, Clock clock) {
        return new RunMetricsPublisher(meterRegistry, new Pushgateway(properties.metrics()), new FailureStreaks(jdbc),
                clock);
    }
}
