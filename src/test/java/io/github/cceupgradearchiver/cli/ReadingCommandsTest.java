package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.StopSignal;
import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.observability.VerifyMetricsPublisher;
import io.github.cceupgradearchiver.report.ReportWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What verify and report start (against this run's database, from the spring.datasource.* system properties of
 * TestPostgres): what reading the archive needs, and none of archive's Batch job, API client or meter registry;
 * Flyway only while the schema is behind.
 */
class ReadingCommandsTest {

    @Test
    void verifyAndReportStartWhatReadingTheArchiveNeedsAndNothingOfArchive() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(ArchiveVerifier.class)).isNotNull();
            assertThat(context.getBean(ReportWriter.class)).isNotNull();
            assertThat(context.getBean(VerifyMetricsPublisher.class)).isNotNull();
            for (Class<?> archiveOnly : new Class<?>[] {Job.class, JobRepository.class, CceApi.class, StopSignal.class,
                    MeterRegistry.class}) {
                assertThat(context.getBeanNamesForType(archiveOnly)).as(archiveOnly.getSimpleName()).isEmpty();
            }
        }
    }

    @Test
    void onceTheSchemaIsCurrentFlywayIsNotEvenBuilt() {
        // given: a first start, which migrates this run's database if no other test has yet
        start().close();

        // when
        try (ConfigurableApplicationContext context = start()) {
            // then
            assertThat(context.getBeanNamesForType(Flyway.class)).isEmpty();
        }
    }

    private static ConfigurableApplicationContext start() {
        SpringApplication application = new SpringApplication(ReadingCommands.class);
        application.setRegisterShutdownHook(false);
        return application.run();
    }
}
