package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Verify against real PostgreSQL while a run seals and its witness records the seal. */
@SpringBootTest
class VerifyWhileSealingTest {

    static final Path WITNESS = temporaryDirectory();

    @DynamicPropertySource
    static void witness(DynamicPropertyRegistry registry) {
        registry.add("archiver.integrity.witness-dir", WITNESS::toString);
    }

    @Autowired
    ArchiveSealer sealer;

    @Autowired
    ArchiveVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void emptyArchiveAndWitness() throws IOException {
        ArchiveDatabase.reset();
        try (var files = Files.list(WITNESS)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void aSealCommittedAndWitnessedAfterVerifyTookItsSnapshotIsNotReportedAsRemoved() throws Exception {
        // given: a sealed run, and a second one running
        sealer.seal(openRun(), Instant.now());
        long running = openRun();
        CompletableFuture<Verification> verification;
        try (Connection blocker = TestPostgres.connect(); Statement statement = blocker.createStatement()) {
            // verify, held on a table it reads after it has taken its snapshot and before it reads the witness
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE upgrade_history.upgrade_task IN ACCESS EXCLUSIVE MODE");
            verification = CompletableFuture.supplyAsync(verifier::verify);
            awaitVerifyWaitingForTheLock();

            // when: the second run seals, and its witness records the seal, meanwhile
            sealer.seal(running, Instant.now());
            assertThat(WITNESS.resolve(SealWitness.fileName(2))).exists();
            blocker.rollback();
        }

        // then: verify saw neither seal 2 nor its witness file; the archive is intact
        Verification verdict = verification.get(60, TimeUnit.SECONDS);
        assertThat(verdict.damage()).as(verdict.describe()).isNull();
        assertThat(verdict.seals()).isEqualTo(1);
    }

    private long openRun() {
        return jdbc.sql("INSERT INTO upgrade_history.archive_run (started_at, status, clusters_total) "
                + "VALUES (now(), 'RUNNING', 0) RETURNING run_id").query(Long.class).single();
    }

    private void awaitVerifyWaitingForTheLock() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                  AND query = 'SELECT count(*) FROM upgrade_history.upgrade_task'""").query(Long.class).single() == 0) {
            assertThat(System.nanoTime()).as("verify waits for the lock in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("witness-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
