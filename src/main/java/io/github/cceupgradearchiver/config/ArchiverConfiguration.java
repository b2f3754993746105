package io.github.cceupgradearchiver.config;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiverProperties.class)
class ArchiverConfiguration {

    @Bean
    static ConnectionPoolSizing connectionPoolSizing(Environment environment) {
        return new ConnectionPoolSizing(environment);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
