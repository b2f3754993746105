package io.github.cceupgradearchiver.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Every cluster worker holds a connection for its chunk's transaction, so the pool must exceed the workers that
 * {@code archiver.api.concurrency} implies (at most 64, so the pool stays bounded); an explicit
 * {@code spring.datasource.hikari.maximum-pool-size} wins. The properties are the bound, validated ones, looked up
 * only when the pool is created (a post-processor is created before ordinary beans).
 */
class ConnectionPoolSizing implements BeanPostProcessor {

    private static final int HEADROOM = 4;

    private final ObjectProvider<ArchiverProperties> properties;
    private final boolean sizedExplicitly;

    ConnectionPoolSizing(ObjectProvider<ArchiverProperties> properties, boolean sizedExplicitly) {
        this.properties = properties;
        this.sizedExplicitly = sizedExplicitly;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && !sizedExplicitly) {
            pool.setMaximumPoolSize(Math.max(pool.getMaximumPoolSize(), properties.getObject().api().workers() + HEADROOM));
        }
        return bean;
    }
}
