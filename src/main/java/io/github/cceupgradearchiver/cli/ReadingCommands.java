package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.config.ArchiverConfiguration;
import io.github.cceupgradearchiver.evidence.EvidenceConfiguration;
import io.github.cceupgradearchiver.history.HistoryConfiguration;
import io.github.cceupgradearchiver.history.SchemaBehind;
import io.github.cceupgradearchiver.observability.VerifyMetricsConfiguration;
import io.github.cceupgradearchiver.report.ReportConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

/**
 * The application of the commands that read the archive (verify, report, export): the database, Flyway when the schema
 * might be behind, and what reads the archive. Named, not scanned: no Batch job, no API client, no other
 * auto-configuration (start-up is most of a short command's time: docs/benchmarks.md). Neither class here is a
 * {@code @Configuration}, so the full application's component scan leaves them out of {@code archive}.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class})
@Import({ArchiverConfiguration.class, HistoryConfiguration.class, ReportConfiguration.class, EvidenceConfiguration.class,
        VerifyMetricsConfiguration.class, ReadingCommands.Migrations.class})
class ReadingCommands {

    @Conditional(SchemaBehind.class)
    @ImportAutoConfiguration(FlywayAutoConfiguration.class)
    static class Migrations {
    }
}
