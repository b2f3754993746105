package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.cce.ApiTimestamps;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.config.ArchiverProperties.IntegrityProperties;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** Verify, run with another {@code archiver.source-zone} than the archive was written with, against real PostgreSQL. */
@SpringBootTest
class VerifySourceZoneTest {

    // As the archiver stores it: the revision with its content hash, and the task's columns derived with zone UTC.
    private static final String ARCHIVED_IN_UTC = """
            WITH run AS (
                INSERT INTO upgrade_history.archive_run (started_at, status, clusters_total)
                VALUES ('2024-03-02T00:00:00Z', 'RUNNING', 1) RETURNING run_id
            ), revision AS (
                INSERT INTO upgrade_history.upgrade_task_revision
                    (run_id, project_id, cluster_id, task_id, observed_at, phase, raw, content_hash)
                SELECT r.run_id, r.project_id, r.cluster_id, r.task_id, r.observed_at, r.phase, r.raw, %s
                FROM (SELECT run.run_id, 'p1'::text AS project_id, 'c1'::text AS cluster_id, 't1'::text AS task_id,
                             '2024-03-02T00:00:00Z'::timestamptz AS observed_at, 'Success'::text AS phase,
                             :raw::jsonb AS raw FROM run) r
                RETURNING run_id, observed_at, raw
            )
            INSERT INTO upgrade_history.upgrade_task (project_id, cluster_id, task_id, phase, created_at, raw,
                                                      first_seen_at, last_changed_at, last_run_id)
            SELECT 'p1', 'c1', 't1', 'Success', '2024-03-01T10:00:00Z', raw, observed_at, observed_at, run_id
            FROM revision
            """.formatted(ArchiveVerifier.CONTENT_HASH);

    @Autowired
    ArchiveVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void emptyArchive() {
        ArchiveDatabase.reset();
    }

    @Test
    void aTimestampWithoutOffsetArchivedInAnotherZoneIsReportedNamingTheSetting() {
        // given: a task whose creationTimestamp has no offset, archived with archiver.source-zone UTC
        jdbc.sql(ARCHIVED_IN_UTC).param("raw", """
                {"kind":"UpgradeTask","metadata":{"uid":"t1","creationTimestamp":"2024-03-01 10:00:00"},\
                "spec":{},"status":{"phase":"Success"}}""").update();

        // when: verify runs with the default zone, Asia/Shanghai
        Verification verification = verifier.verify();

        // then: the mismatch names the setting the verdict depends on; with the archive's zone, the archive is intact
        assertThat(verification.damage()).isEqualTo("upgrade_task (cluster c1, task t1): created_at does not match "
                + "its latest revision 1, or archiver.source-zone differs from the archiving run's (a timestamp "
                + "without offset is read in that zone; verify with the archive's)");
        ApiTimestamps utc = new ApiTimestamps(ZoneOffset.UTC);
        ArchiveVerifier inUtc = new ArchiveVerifier(dataSource, transactionManager,
                new UpgradeTaskNormalizer(utc, Duration.ofDays(1)), new EvidenceNormalizer(utc, Duration.ofDays(1)),
                new IntegrityProperties(null, List.of(), null));
        assertThat(inUtc.verify().damage()).isNull();
    }
}
