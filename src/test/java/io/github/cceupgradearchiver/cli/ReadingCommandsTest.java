package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.StopSignal;
import io.github.cceupgradearchiver.evidence.EvidenceExporter;
import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.observability.VerifyMetricsPublisher;
import io.github.cceupgradearchiver.report.ReportWriter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import org.flywaydb.core.Flyway;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What verify, report and export start (against this run's database, from the spring.datasource.* system properties of
 * TestPostgres): what reading the archive needs, and none of archive's Batch job, API client or meter registry;
 * Flyway only while the schema is behind.
 */
class ReadingCommandsTest {

    @Test
    void verifyAndReportStartWhatReadingTheArchiveNeedsAndNothingOfArchive() {
        try (ConfigurableApplicationContext verify = start(ReadingCommands.class);
             ConfigurableApplicationContext report = start(ReadingCommands.Report.class)) {
            for (ConfigurableApplicationContext context : List.of(verify, report)) {
                assertThat(context.getBean(ArchiveVerifier.class)).isNotNull();
                assertThat(context.getBean(VerifyMetricsPublisher.class)).isNotNull();
                for (Class<?> archiveOnly : new Class<?>[] {Job.class, JobRepository.class, CceApi.class, StopSignal.class,
                        MeterRegistry.class, Validator.class}) {
                    assertThat(context.getBeanNamesForType(archiveOnly)).as(archiveOnly.getSimpleName()).isEmpty();
                }
                assertThat(context.containsBean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)).isFalse();
            }
            assertThat(report.getBean(ReportWriter.class)).isNotNull();
            assertThat(verify.getBeanNamesForType(ReportWriter.class)).isEmpty();
            assertThat(verify.getBeanNamesForType(EvidenceExporter.class)).isEmpty();
        }
    }

    @Test
    void exportStartsThePackAndTheReportItCarries() {
        try (ConfigurableApplicationContext export = start(ReadingCommands.Export.class)) {
            assertThat(export.getBean(EvidenceExporter.class)).isNotNull();
            assertThat(export.getBean(ReportWriter.class)).isNotNull();
        }
    }

    @Test
    void onceTheSchemaIsCurrentFlywayIsNotEvenBuilt() {
        // given: a first start, which migrates this run's database if no other test has yet
        start(ReadingCommands.class).close();

        // when
        try (ConfigurableApplicationContext context = start(ReadingCommands.class)) {
            // then
            assertThat(context.getBeanNamesForType(Flyway.class)).isEmpty();
        }
    }

    private static ConfigurableApplicationContext start(Class<?> source) {
        SpringApplication application = new SpringApplication(source);
        application.setRegisterShutdownHook(false);
        return application.run();
    }
}
