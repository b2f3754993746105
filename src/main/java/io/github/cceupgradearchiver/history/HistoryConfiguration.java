package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    @Bean
    ArchiveSealer archiveSealer(JdbcClient jdbc, TransactionTemplate transactions) {
        return new ArchiveSealer(jdbc, transactions);
    }

    @Bean
    ArchiveVerifier archiveVerifier(DataSource dataSource, PlatformTransactionManager transactionManager,
                                    UpgradeTaskNormalizer upgradeTaskNormalizer) {
        return new ArchiveVerifier(dataSource, transactionManager, upgradeTaskNormalizer);
    }
}
