package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The whole application context of {@code verify --bundle}: the validated configuration, read from every source
 * Spring Boot reads, and nothing else. No auto-configuration runs, so no DataSource, pool or Flyway starts: a pack is
 * checked with the database unreachable, or on an auditor's machine that never had one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiverProperties.class)
public class PackVerification {
}
