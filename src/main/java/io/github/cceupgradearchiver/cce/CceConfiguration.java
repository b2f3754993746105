package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The API client, its call policy and credentials (the normalizer of what it sends: {@code HistoryConfiguration}). */
@Configuration(proxyBeanMethods = false)
class CceConfiguration {

    @Bean
    StopSignal stopSignal() {
        return new StopSignal();
    }

    @Bean
    CallPolicy callPolicy(ArchiverProperties properties, StopSignal stopSignal, MeterRegistry meters) {
        return new CallPolicy(properties.api(), stopSignal::requested, meters);
    }

    @Bean
    CceApi cceApi(Environment environment, ArchiverProperties properties, CallPolicy callPolicy, Clock clock) {
        return new CceApi(() -> CloudCredentials.resolve(environment), properties.api(), callPolicy, clock);
    }
}
