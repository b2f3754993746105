package io.github.cceupgradearchiver.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Every cluster fetched at once holds a connection for its chunk's transaction, so the pool must
 * exceed {@code archiver.api.concurrency}; an explicit {@code spring.datasource.hikari.maximum-pool-size} wins.
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
            pool.setMaximumPoolSize(Math.max(pool.getMaximumPoolSize(), concurrency + HEADROOM));
        }
        return bean;
    }
}
