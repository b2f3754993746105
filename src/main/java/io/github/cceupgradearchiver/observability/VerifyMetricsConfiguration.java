package io.github.cceupgradearchiver.observability;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outcome of verify and report; apart from the run's metrics, so that those commands start without a registry. */
@Configuration(proxyBeanMethods = false)
public class VerifyMetricsConfiguration {

    @Bean
    VerifyMetricsPublisher verifyMetricsPublisher(ArchiverProperties properties, Clock clock) {
        return new VerifyMetricsPublisher(new Pushgateway(properties.metrics()), clock);
    }
}
