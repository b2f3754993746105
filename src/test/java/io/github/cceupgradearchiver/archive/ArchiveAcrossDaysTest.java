package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.history.Verification;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs on successive days, with the application's clock moved forward between them (the API's signatures still
 * use the real time), over real HTTP into real PostgreSQL, each run checked by {@code verify}.
 */
@SpringBootTest
class ArchiveAcrossDaysTest {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    // A finished task whose updateTimestamp the API stamped 30 hours ahead: the body never changes again.
    static final String AHEAD = Instant.now().plus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS).toString();
    static final String STAMPED_AHEAD = """
            {"kind":"List","apiVersion":"v3","metadata":{},"items":[
             {"kind":"UpgradeTask","metadata":{"uid":"ahead-1","creationTimestamp":"2024-03-01T10:00:00Z","updateTimestamp":"%s"},
              "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},"status":{"phase":"Success","completionTime":"%s"}}]}"""
            .formatted(AHEAD, AHEAD);

    static final CceApiSimulator SIMULATOR = CceApiSimulator.start(
            ScriptedFleet.builder()
                    .cluster(PROJECT, "c-example", "prod-payments", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                    .cluster(PROJECT, "c-ahead", "staging", SimulatedResponse.ok(STAMPED_AHEAD))
                    .build(),
            new SimulatorOptions(0, Map.of("TEST-AK", "TEST-SK"), Duration.ZERO, FaultOptions.none()));

    @DynamicPropertySource
    static void archiverProperties(DynamicPropertyRegistry registry) {
        registry.add("archiver.api.endpoint", SIMULATOR::endpoint);
        registry.add("CLOUD_SDK_AK", () -> "TEST-AK");
        registry.add("CLOUD_SDK_SK", () -> "TEST-SK");
        registry.add("archiver.discovery[0].project-id", () -> PROJECT);
        registry.add("archiver.discovery[0].region", () -> "cn-north-4");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    /** The system clock, plus whatever the test moved it forward by. */
    static final class MovableClock extends Clock {

        private volatile Duration ahead = Duration.ZERO;

        void moveForward(Duration by) {
            ahead = ahead.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the archiver's clock is UTC");
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Days {

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    MovableClock clock;

    @Autowired
    ArchiveService archiveService;

    @Autowired
    ArchiveRuns runs;

    @Autowired
    ArchiveVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void emptyArchive() {
        ArchiveDatabase.reset();
    }

    @Test
    void aRunWhoseProcessDiedOnAnEarlierDayIsSealedWhenTheNextRunClosesItSoVerifyFindsTheArchiveIntact() throws Exception {
        // given: a sealed run, then a run whose process died the next day before it could seal (kill -9, OOM, node lost)
        archiveService.archive();
        clock.moveForward(Duration.ofDays(1));
        long killed = runs.open(1, "default", clock.instant());

        // when: the run of the day after
        clock.moveForward(Duration.ofDays(1));
        RunSummary next = archiveService.archive();

        // then: the dead run is closed as failed and sealed, and the archive verifies
        assertThat(next.exitCode()).isZero();
        assertThat(jdbc.sql("SELECT run_id || ' ' || status FROM upgrade_history.archive_run ORDER BY run_id")
                .query(String.class).list()).containsExactly("1 SUCCEEDED", killed + " FAILED", (killed + 1) + " SUCCEEDED");
        Verification verification = verifier.verify();
        assertThat(verification.damage()).as(verification.describe()).isNull();
        assertThat(jdbc.sql("SELECT run_id FROM upgrade_history.archive_seal ORDER BY seal_id").query(Long.class).list())
                .containsExactly(1L, killed, killed + 1);
    }

    @Test
    void aTaskQuarantinedForItsClockIsArchivedByALaterRunThatReceivesTheSameBody() throws Exception {
        // given: the first run quarantines the task, whose updateTimestamp is beyond archiver.max-clock-skew (1d)
        archiveService.archive();
        assertThat(tasks()).containsExactly("91755b96-5fd8-4a6a-bda1-983de9055996", "f40cafed-7bf1-4c3b-b619-80113b4bbb18");

        // when: two days later the API sends the very same body, whose timestamp is now believable
        clock.moveForward(Duration.ofDays(2));
        archiveService.archive();

        // then: the task is archived, with one revision, and the archive verifies
        assertThat(tasks()).containsExactly("91755b96-5fd8-4a6a-bda1-983de9055996", "ahead-1",
                "f40cafed-7bf1-4c3b-b619-80113b4bbb18");
        assertThat(jdbc.sql("SELECT run_id FROM upgrade_history.upgrade_task_revision WHERE task_id = 'ahead-1'")
                .query(Long.class).list()).containsExactly(2L);
        Verification verification = verifier.verify();
        assertThat(verification.damage()).as(verification.describe()).isNull();
    }

    private List<String> tasks() {
        return jdbc.sql("SELECT task_id FROM upgrade_history.upgrade_task ORDER BY task_id").query(String.class).list();
    }
}
