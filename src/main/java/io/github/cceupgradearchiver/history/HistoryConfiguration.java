package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.cce.ApiTimestamps;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.config.ArchiverProperties;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The archive's revisions and seals: writing them (archive) and checking them (verify, report). */
@Configuration(proxyBeanMethods = false)
public class HistoryConfiguration {

    @Bean
    ArchiveSealer archiveSealer(DataSource dataSource, PlatformTransactionManager transactionManager,
                                ArchiverProperties properties) {
        return new ArchiveSealer(dataSource, transactionManager, properties.integrity());
    }

    /**
     * Names the runtime login (spring.datasource.username) to the migrations, whose callback
     * afterMigrate__grant_writer.sql grants it the writer role when Flyway runs as another login (spring.flyway.user).
     */
    @Bean
    FlywayConfigurationCustomizer runtimeLoginPlaceholder(Environment environment) {
        return flyway -> {
            Map<String, String> placeholders = new HashMap<>(flyway.getPlaceholders());
            placeholders.put("archiver_login", environment.getProperty("spring.datasource.username", ""));
            flyway.placeholders(placeholders);
        };
    }

    @Bean
    VerifyRuns verifyRuns(JdbcClient jdbc, Clock clock) {
        return new VerifyRuns(jdbc, clock);
    }

    @Bean
    ArchiveVerifier archiveVerifier(DataSource dataSource, PlatformTransactionManager transactionManager,
                                    UpgradeTaskNormalizer upgradeTaskNormalizer, EvidenceNormalizer evidenceNormalizer,
                                    ArchiverProperties properties) {
        return new ArchiveVerifier(dataSource, transactionManager, upgradeTaskNormalizer, evidenceNormalizer,
                properties.integrity());
    }

    /** One normalizer for archive and verify: verify is right only if it derives what the archive derived. */
    @Bean
    UpgradeTaskNormalizer upgradeTaskNormalizer(ArchiverProperties properties) {
        return new UpgradeTaskNormalizer(new ApiTimestamps(properties.sourceZone()), properties.maxClockSkew());
    }

    /** Evidence objects are read by the same rules as tasks, in archive and verify alike. */
    @Bean
    EvidenceNormalizer evidenceNormalizer(ArchiverProperties properties) {
        return new EvidenceNormalizer(new ApiTimestamps(properties.sourceZone()), properties.maxClockSkew());
    }
}
