package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.report.ReportWriter;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The exporter, in the application's context (it reads the archive); verify --bundle needs none of this. */
@Configuration(proxyBeanMethods = false)
public class EvidenceConfiguration {

    @Bean
    EvidenceExporter evidenceExporter(ReportWriter reportWriter, DataSource dataSource,
                                      PlatformTransactionManager transactionManager, ArchiverProperties properties,
                                      Clock clock) {
        return new EvidenceExporter(reportWriter, new NamedParameterJdbcTemplate(dataSource), transactionManager,
                properties.integrity(), clock);
    }
}
