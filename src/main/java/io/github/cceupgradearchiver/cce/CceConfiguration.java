package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        Map<String, Double> accountRates = new HashMap<>();
        properties.accounts().stream().filter(account -> account.requestsPerSecond() != null)
                .forEach(account -> accountRates.put(account.name(), account.requestsPerSecond()));
        return new CallPolicy(properties.api(), accountRates, stopSignal::requested, meters);
    }

    /** One HTTP client for CCE and IAM alike: the same bounds, proxy and trusted CAs. */
    @Bean
    BoundedHttpClient boundedHttpClient(Environment environment, ArchiverProperties properties) {
        ProxySettings proxy = ProxySettings.of(properties.api().proxy(), environment::getProperty);
        return new BoundedHttpClient(properties.api(), proxy, TrustStore.of(properties.api().trustStore()));
    }

    @Bean
    CceApi cceApi(Environment environment, ArchiverProperties properties, BoundedHttpClient http, CallPolicy callPolicy,
                  Clock clock) {
        var endpoints = new Endpoints(properties.api());
        var accounts = new Accounts(properties.accounts(), Accounts.usedBy(properties), environment,
                new IamCalls(http, callPolicy, endpoints), clock);
        Set<String> regions = new TreeSet<>();
        properties.clusters().forEach(cluster -> regions.add(cluster.region()));
        properties.discovery().forEach(project -> regions.add(project.region()));
        return new CceApi(accounts, endpoints, regions, http, callPolicy, clock);
    }
}
