package io.github.cceupgradearchiver.config;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The validated {@code archiver.*} settings and what every command shares. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiverProperties.class)
public class ArchiverConfiguration {

    @Bean
    static ConnectionPoolSizing connectionPoolSizing(ObjectProvider<ArchiverProperties> properties, Environment environment) {
        return new ConnectionPoolSizing(properties,
                environment.containsProperty("spring.datasource.hikari.maximum-pool-size"));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
