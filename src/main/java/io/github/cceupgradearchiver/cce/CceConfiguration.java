package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The API client, its call policy and credentials, and the reading of what the API sends. */
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

    /** One normalizer for archive and verify: verify is right only if it derives what the archive derived. */
    @Bean
    UpgradeTaskNormalizer upgradeTaskNormalizer(ArchiverProperties properties) {
        return new UpgradeTaskNormalizer(new ApiTimestamps(properties.sourceZone()), properties.maxClockSkew());
    }

    /** Evidence objects are read by the same rules as tasks. */
    @Bean
    EvidenceNormalizer evidenceNormalizer(ArchiverProperties properties) {
        return new EvidenceNormalizer(new ApiTimestamps(properties.sourceZone()), properties.maxClockSkew());
    }
}
