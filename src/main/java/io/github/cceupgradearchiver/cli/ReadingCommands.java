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
 * The application of the commands that read the archive: the database, Flyway when the schema might be behind, and
 * what verifies the archive; this alone is verify's, {@link Report} and {@link Export} add what writes reports and
 * packs. Named, not scanned: no Batch job, no API client, no other auto-configuration, no Bean Validation (start-up
 * is most of a short command's time: docs/benchmarks.md). No class here is a {@code @Configuration}, so the full
 * application's component scan leaves them out of {@code archive}.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class})
@Import({ArchiverConfiguration.class, HistoryConfiguration.class, VerifyMetricsConfiguration.class,
        ReadingCommands.Migrations.class})
class ReadingCommands {

    /** report: the reports (HTML's templates, PDF's fonts), which verify does not load. */
    @Import({ReadingCommands.class, ReportConfiguration.class})
    static class Report {
    }

    /** export: the pack, with the report it carries. */
    @Import({ReadingCommands.class, ReportConfiguration.class, EvidenceConfiguration.class})
    static class Export {
    }

    @Conditional(SchemaBehind.class)
    @ImportAutoConfiguration(FlywayAutoConfiguration.class)
    static class Migrations {
    }
}
