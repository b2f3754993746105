package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.history.ArchiveVerifier;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
public class ReportConfiguration {

    @Bean
    ReportWriter reportWriter(JdbcClient jdbc, ArchiveVerifier verifier, PlatformTransactionManager transactionManager,
                              Clock clock, ArchiverProperties properties) {
        ReportQueries queries = new ReportQueries(jdbc);
        HtmlReport html = new HtmlReport();
        PdfFonts fonts = new PdfFonts(properties.report().font(), PdfFonts.SYSTEM_DIRECTORIES);
        return new ReportWriter(new ReportLoader(queries, verifier, transactionManager, clock), queries, html,
                new PdfReport(fonts, html));
    }
}
