package io.github.cceupgradearchiver.config;

import com.zaxxer.hikari.HikariDataSource;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Every cluster worker holds a connection for its chunk's transaction, so the pool must exceed the workers
 * that {@code archiver.api.concurrency} implies; an explicit {@code spring.datasource.hikari.maximum-pool-size} wins.
 */
class ConnectionPoolSizing implements BeanPostProcessor {

    private static final int HEADROOM = 4;

    private final Environment environment;

    ConnectionPoolSizing(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && !environment.containsProperty("spring.datasource.hikari.maximum-pool-size")) {
            int concurrency = environment.getProperty("archiver.api.concurrency", Integer.class, 8);
            pool.setMaximumPoolSize(Math.max(pool.getMaximumPoolSize(), ApiProperties.workersFor(concurrency) + HEADROOM));
        }
        return bean;
    }
}
