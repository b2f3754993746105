package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code verify} of the packaged jar, run as an auditor would. The archive is built once by two real runs
 * (a task changes phase in between); every tampering of docs/integrity.md is then done as superuser with
 * the append-only triggers switched off, each on its own copy of that archive, so the tests cannot disturb
 * one another.
 */
class VerifyCommandIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String AK = "VERIFY-IT-AK";
    static final String SK = "VERIFY-IT-SK";
    static final Pattern INTACT = Pattern.compile(
            "archive intact: (\\d+) revisions, (\\d+) seals, (\\d+) tasks checked; head digest ([0-9a-f]{64})");
    static final String EXAMPLE_TASK = "f40cafed-7bf1-4c3b-b619-80113b4bbb18";

    /** r-1 as the first run sees it, and as the second run sees it after it completed. */
    static final String RUNNING = taskList("Running", "40", "2024-05-01 09:01:00 +0800 CST", "");
    static final String SUCCEEDED = taskList("Success", "100", "2024-05-01 09:20:30.123456 +0800 CST",
            "2024-05-01 09:20:30.123456 +0800 CST");

    /** A task whose progress is a JSON number with a decimal fraction (the API model has a string; items vary). */
    static final String NUMERIC_PROGRESS = """
            {"kind":"List","apiVersion":"v3","metadata":{},"items":[{"kind":"UpgradeTask","apiVersion":"v3",
             "metadata":{"uid":"n-1","creationTimestamp":"2024-06-01 10:00:00 +0800 CST","updateTimestamp":"2024-06-01 10:05:00 +0800 CST"},
             "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},"status":{"phase":"Running","progress":33.30}}]}""";

    /** Each seal with its run, count, range and whether it links to its predecessor (or the genesis digest). */
    static final String SEALS = """
            SELECT seal_id || ' run ' || run_id || ': ' || revision_count || ' revisions '
                   || coalesce(first_revision_id::text, '-') || '..' || last_revision_id
                   || CASE WHEN previous_digest = coalesce(lag(digest) OVER (ORDER BY seal_id), repeat('0', 64))
                           THEN ' linked' ELSE ' NOT linked' END
            FROM upgrade_history.archive_seal ORDER BY seal_id""";

    static CceApiSimulator simulator;

    @TempDir
    static Path dir;

    static Path config;

    private final List<String> databases = new ArrayList<>();

    @BeforeAll
    static void archiveTwoRunsBetweenWhichATaskSucceeds() throws Exception {
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(PROJECT, "c-example", "prod-payments", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                        .cluster(PROJECT, "c-upgrading", "prod-ledger",
                                SimulatedResponse.ok(RUNNING), SimulatedResponse.ok(SUCCEEDED))
                        .cluster(PROJECT, "c-numeric", "staging", SimulatedResponse.ok(NUMERIC_PROGRESS))
                        .build(),
                new SimulatorOptions(0, Map.of(AK, SK), Duration.ZERO, FaultOptions.none()));
        config = dir.resolve("application.yml");
        Files.writeString(config, """
                archiver:
                  api:
                    endpoint: %s
                  clusters:
                    - {project-id: %s, region: cn-north-4, cluster-id: c-example, name: prod-payments}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-upgrading, name: prod-ledger}
                """.formatted(simulator.endpoint(), PROJECT, PROJECT));
        ArchiveDatabase.reset();
        for (int run = 1; run <= 2; run++) {
            Result result = archive().run();
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    @AfterAll
    static void stopApi() {
        simulator.close();
    }

    @AfterEach
    void dropTheDatabasesOfThisTest() throws SQLException {
        try (Connection admin = TestPostgres.connect("postgres"); Statement statement = admin.createStatement()) {
            for (String database : databases) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void theSecondRunKeepsThePhaseChangeAsOneMoreRevisionAndSealsEachRun() throws Exception {
        // given, when: the two runs of archiveTwoRunsBetweenWhichATaskSucceeds
        // then
        assertThat(TestPostgres.query(TestPostgres.database(), """
                SELECT run_id || ' ' || phase || ' ' || coalesce(nullif(raw->'status'->>'completionTime', ''), '-')
                FROM upgrade_history.upgrade_task_revision WHERE task_id = 'r-1' ORDER BY revision_id"""))
                .containsExactly("1 Running -", "2 Success 2024-05-01 09:20:30.123456 +0800 CST");
        assertThat(TestPostgres.query(TestPostgres.database(), "SELECT phase FROM upgrade_history.upgrade_task WHERE task_id = 'r-1'"))
                .containsExactly("Success");
        assertThat(TestPostgres.query(TestPostgres.database(), SEALS)).containsExactly("1 run 1: 5 revisions 1..5 linked",
                "2 run 2: 1 revisions 6..6 linked"); // 3 tasks and 2 upgrade infos, then the upgrade's new state
    }

    @Test
    void verifyFindsTheArchiveIntactAndPrintsItsCountsAndTheNewestSealsDigest() throws Exception {
        // when
        Result result = verify(TestPostgres.database());

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher verdict = INTACT.matcher(result.output());
        assertThat(verdict.find()).as(result.output()).isTrue();
        assertThat(verdict.group(1)).isEqualTo("6").isEqualTo(single(TestPostgres.database(),
                "SELECT (SELECT count(*) FROM upgrade_history.upgrade_task_revision)"
                        + " + (SELECT count(*) FROM upgrade_history.evidence_revision)"));
        assertThat(verdict.group(2)).isEqualTo("2")
                .isEqualTo(single(TestPostgres.database(), "SELECT count(*) FROM upgrade_history.archive_seal"));
        assertThat(verdict.group(3)).isEqualTo("3")
                .isEqualTo(single(TestPostgres.database(), "SELECT count(*) FROM upgrade_history.upgrade_task"));
        assertThat(verdict.group(4)).isEqualTo(
                single(TestPostgres.database(), "SELECT digest FROM upgrade_history.archive_seal ORDER BY seal_id DESC LIMIT 1"));
        assertThat(result.output()).doesNotContain("not sealed yet").doesNotContain("verdict not recorded");
        assertThat(TestPostgres.query(TestPostgres.database(), """
                SELECT verdict || ' ' || head_digest || ' ' || revisions || ' ' || seals || ' ' || tasks
                FROM upgrade_history.verify_run ORDER BY verify_run_id DESC LIMIT 1"""))
                .containsExactly("INTACT " + verdict.group(4) + " " + verdict.group(1) + " 2 3");
    }

    @Test
    void aLoginThatMayNotMigrateASchemaBehindTheJarIsToldWhatToDoInsteadOfAStackTrace() throws Exception {
        // given: an archive one migration behind this jar, and a reader's login (no owner of the schema)
        String database = emptyDatabase();
        Result older = ArchiverProcess.command("verify").withoutTestDatabase().args(datasource(database))
                .args("--spring.flyway.target=11").run();
        assertThat(older.exitCode()).as(older.output()).isZero();
        String reader = database + "_reader";
        try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'reader' IN ROLE upgrade_history_reader");
        }
        try {
            // when
            Result result = ArchiverProcess.command("verify").withoutTestDatabase()
                    .args("--spring.datasource.url=" + TestPostgres.url(database),
                            "--spring.datasource.username=" + reader, "--spring.datasource.password=reader")
                    .run();

            // then: exit 1, what failed and what to do, no stack trace; the schema stays where it was
            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("Flyway could not bring the archive's schema up to this jar's migrations"
                            + " as login " + reader, "must be owner of", "Run archive with its usual settings first")
                    .doesNotContain("\tat org.");
            assertThat(single(database, "SELECT max(version::int) FROM public.flyway_schema_history")).isEqualTo("11");
        } finally {
            try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
                sql.execute("DROP ROLE " + reader);
            }
        }
    }

    @Test
    void aVerdictThatCannotBeRecordedStillStandsAndIsRecordedWhenAltered() throws Exception {
        // given: one copy whose verify_run is gone, one whose revision was changed
        String unrecordable = copyOfTheArchive();
        try (Connection connection = TestPostgres.connect(unrecordable); Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE upgrade_history.verify_run RENAME TO verify_run_gone");
        }
        long running = revisionId("r-1", "Running");
        String altered = copyTamperedWith("UPDATE upgrade_history.upgrade_task_revision SET phase = 'Failed' WHERE revision_id = "
                + running);

        // when
        Result unrecorded = verify(unrecordable);
        Result alteredResult = verify(altered);

        // then
        assertThat(unrecorded.exitCode()).as(unrecorded.output()).isZero();
        assertThat(unrecorded.output()).contains("archive intact")
                .contains("verdict not recorded in upgrade_history.verify_run (it stands)");
        assertThat(alteredResult.exitCode()).as(alteredResult.output()).isEqualTo(5);
        assertThat(TestPostgres.query(altered, "SELECT verdict || ': ' || damage FROM upgrade_history.verify_run"))
                .singleElement().asString().startsWith("ALTERED: revision " + running + " ");
    }

    @Test
    void aRevisionChangedWithTheTriggersOffIsNamedByItsContentHash() throws Exception {
        // given
        long running = revisionId("r-1", "Running");
        String copy = copyTamperedWith("""
                UPDATE upgrade_history.upgrade_task_revision SET raw = jsonb_set(raw, '{status,phase}', '"Failed"')
                WHERE revision_id = %d""".formatted(running));

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "revision " + running + " (cluster c-upgrading, task r-1): content_hash does not match its content");
    }

    @Test
    void aRevisionChangedWithItsHashRecomputedIsNamedByTheSealCoveringIt() throws Exception {
        // given
        long running = revisionId("r-1", "Running");
        String copy = copyTamperedWith("""
                UPDATE upgrade_history.upgrade_task_revision SET raw = jsonb_set(raw, '{status,progress}', '"90"')
                WHERE revision_id = %d""".formatted(running), """
                UPDATE upgrade_history.upgrade_task_revision
                SET content_hash = encode(sha256(convert_to(jsonb_build_object(
                        'run_id', run_id, 'project_id', project_id, 'cluster_id', cluster_id, 'task_id', task_id,
                        'observed_at', to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        'phase', phase, 'raw', raw)::text, 'UTF8')), 'hex')
                WHERE revision_id = %d""".formatted(running));

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "seal 1 covering revisions 1..5: digest does not match");
    }

    @Test
    void aDeletedRevisionIsNamedByTheSealCoveringIt() throws Exception {
        // given
        String copy = copyTamperedWith("DELETE FROM upgrade_history.upgrade_task_revision WHERE revision_id = "
                + revisionId("r-1", "Running"));

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "seal 1 covers revisions 1..5: it records 5 revisions but 4 exist");
    }

    @Test
    void aDeletedFirstSealIsFoundByTheNextSealsPreviousDigest() throws Exception {
        // given
        String copy = copyTamperedWith("DELETE FROM upgrade_history.archive_seal WHERE seal_id = 1");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "seal 2: previous_digest does not match the genesis digest");
    }

    @Test
    void aSealRewrittenConsistentlyIsFoundByTheNextSealsPreviousDigest() throws Exception {
        // given
        String copy = copyTamperedWith(
                "UPDATE upgrade_history.archive_seal SET sealed_at = sealed_at - interval '1 hour' WHERE seal_id = 1", """
                UPDATE upgrade_history.archive_seal s
                SET digest = upgrade_history.seal_digest(s.previous_digest, s.run_id, s.sealed_at, s.last_revision_id,
                        s.revision_count, (SELECT string_agg(r.content_hash || E'\\n', '' ORDER BY r.revision_id)
                                           FROM (SELECT revision_id, content_hash FROM upgrade_history.upgrade_task_revision
                                                 UNION ALL
                                                 SELECT revision_id, content_hash FROM upgrade_history.evidence_revision) r
                                           WHERE r.revision_id <= s.last_revision_id))
                WHERE seal_id = 1""");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "seal 2: previous_digest does not match seal 1");
    }

    @Test
    void aSealWhoseRevisionCountWasChangedIsNamed() throws Exception {
        // given
        String copy = copyTamperedWith("UPDATE upgrade_history.archive_seal SET revision_count = 6 WHERE seal_id = 1");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "seal 1 covers revisions 1..5: it records 6 revisions but 5 exist");
    }

    @Test
    void theHeadSealWhoseSealedAtWasChangedIsNamed() throws Exception {
        // given
        String copy = copyTamperedWith(
                "UPDATE upgrade_history.archive_seal SET sealed_at = sealed_at + interval '1 microsecond' WHERE seal_id = 2");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "seal 2 covering revisions 6..6: digest does not match");
    }

    @Test
    void aTaskWhosePhaseWasChangedIsNamedAgainstItsLatestRevision() throws Exception {
        // given
        String copy = copyTamperedWith("UPDATE upgrade_history.upgrade_task SET phase = 'Failed' WHERE task_id = 'r-1'");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "upgrade_task (cluster c-upgrading, task r-1): phase does not match its latest revision "
                + revisionId("r-1", "Success"));
    }

    @Test
    void aTaskWhoseCreatedAtWasShiftedByOneMicrosecondIsNamed() throws Exception {
        // given
        String copy = copyTamperedWith("UPDATE upgrade_history.upgrade_task SET created_at = created_at + interval '1 microsecond'"
                + " WHERE task_id = '" + EXAMPLE_TASK + "'");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "upgrade_task (cluster c-example, task " + EXAMPLE_TASK
                + "): created_at does not match its latest revision " + revisionId(EXAMPLE_TASK, "Success"));
    }

    @Test
    void aDeletedTaskIsNamedByItsFirstRevision() throws Exception {
        // given
        String copy = copyTamperedWith("DELETE FROM upgrade_history.upgrade_task WHERE task_id = 'r-1'");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "revision " + revisionId("r-1", "Running")
                + " (cluster c-upgrading, task r-1) has no upgrade_task row");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            UPDATE upgrade_history.upgrade_task_revision SET phase = 'Failed' | upgrade_task_revision is append-only: UPDATE is not allowed
            DELETE FROM upgrade_history.upgrade_task_revision                 | upgrade_task_revision is append-only: DELETE is not allowed
            TRUNCATE upgrade_history.upgrade_task_revision                    | upgrade_task_revision is append-only: TRUNCATE is not allowed
            UPDATE upgrade_history.archive_seal SET revision_count = 0        | archive_seal is append-only: UPDATE is not allowed
            DELETE FROM upgrade_history.archive_seal                          | archive_seal is append-only: DELETE is not allowed
            TRUNCATE upgrade_history.archive_seal                             | archive_seal is append-only: TRUNCATE is not allowed
            TRUNCATE upgrade_history.rejected_task                            | rejected_task is append-only: TRUNCATE is not allowed
            """)
    void changingHistoryInPlaceFailsWhileTheTriggersAreOn(String statement, String error) throws Exception {
        try (Connection connection = TestPostgres.connect(TestPostgres.database())) {
            // when / then
            ArchiveDatabase.assertRefused(connection, statement, error);
        }
    }

    @Test
    void aRunThatAddsNothingStillAddsAnEmptySealChainedToTheHead() throws Exception {
        // given
        String copy = copyOfTheArchive();

        // when
        Result run = archive().withoutTestDatabase().args(datasource(copy)).run();

        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("0 new, 0 changed");
        assertThat(single(copy, "SELECT count(*) FROM upgrade_history.upgrade_task_revision")).isEqualTo("4");
        assertThat(TestPostgres.query(copy, SEALS)).containsExactly("1 run 1: 5 revisions 1..5 linked",
                "2 run 2: 1 revisions 6..6 linked", "3 run 3: 0 revisions -..6 linked");
        Result verified = verify(copy);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("archive intact: 6 revisions, 3 seals, 3 tasks checked; head digest "
                + single(copy, "SELECT digest FROM upgrade_history.archive_seal WHERE seal_id = 3"));
    }

    @Test
    void theAuditorsQueriesOfTheIntegrityDocumentFindTheArchiveIntact() throws Exception {
        // given
        List<String> documented = sqlBlocks(Files.readString(Path.of("docs/integrity.md")));
        String badRevisions = documented.stream().filter(sql -> sql.contains("WHERE content_hash <>")).findFirst().orElseThrow();
        String chain = documented.stream().filter(sql -> sql.startsWith("WITH chain AS")).findFirst().orElseThrow();

        // when / then
        assertThat(TestPostgres.query(TestPostgres.database(), badRevisions)).isEmpty();
        assertThat(TestPostgres.query(TestPostgres.database(), "SELECT concat_ws(' ', seal_id, linked, complete, digest_ok) FROM ("
                + chain.replaceFirst(";\\s*$", "") + ") c")).containsExactly("1 t t t", "2 t t t");
    }

    @Test
    void anUntouchedArchiveIsIntactWhenATaskReportsItsProgressAsADecimalNumber() throws Exception {
        // given
        String database = emptyDatabase();
        Path numericConfig = Files.writeString(dir.resolve("numeric.yml"), """
                archiver:
                  api:
                    endpoint: %s
                  clusters:
                    - {project-id: %s, region: cn-north-4, cluster-id: c-numeric, name: staging}
                """.formatted(simulator.endpoint(), PROJECT));
        Result run = ArchiverProcess.command("archive", "--spring.config.additional-location=" + numericConfig)
                .env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK).withoutTestDatabase().args(datasource(database)).run();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(single(database, "SELECT progress FROM upgrade_history.upgrade_task WHERE task_id = 'n-1'"))
                .isEqualTo("33.30");

        // when
        Result result = verify(database);

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("archive intact: 2 revisions, 1 seals, 1 tasks checked");
    }

    private static String taskList(String phase, String progress, String updated, String completed) {
        return """
                {"kind":"List","apiVersion":"v3","metadata":{},"items":[{"kind":"UpgradeTask","apiVersion":"v3",
                 "metadata":{"uid":"r-1","creationTimestamp":"2024-05-01 09:00:00 +0800 CST","updateTimestamp":"%s"},
                 "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},
                 "status":{"phase":"%s","progress":"%s","completionTime":"%s"}}]}""".formatted(updated, phase, progress, completed);
    }

    private static ArchiverProcess archive() {
        return ArchiverProcess.command("archive", "--spring.config.additional-location=" + config)
                .env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK);
    }

    private static Result verify(String database) throws Exception {
        return ArchiverProcess.command("verify").withoutTestDatabase().args(datasource(database)).run();
    }

    private static void assertAltered(Result result, String damage) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(5);
        assertThat(result.output()).contains("ARCHIVE ALTERED: " + damage);
    }

    /** A copy of the archive, changed as superuser with the append-only triggers off; each statement changes one row. */
    private String copyTamperedWith(String... statements) throws SQLException {
        String copy = copyOfTheArchive();
        try (Connection connection = TestPostgres.connect(copy); Statement sql = connection.createStatement()) {
            sql.execute("SET session_replication_role = replica");
            for (String statement : statements) {
                assertThat(sql.executeUpdate(statement)).as(statement).isEqualTo(1);
            }
        }
        return copy;
    }

    private String emptyDatabase() throws SQLException {
        String database = TestPostgres.database() + "_empty" + (databases.size() + 1);
        try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
        databases.add(database);
        return database;
    }

    /** Copying needs the archive to have no connections, so it happens only between archiver runs. */
    private String copyOfTheArchive() throws SQLException {
        String copy = TestPostgres.database() + "_copy" + (databases.size() + 1);
        try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + copy + " TEMPLATE " + TestPostgres.database());
        }
        databases.add(copy);
        return copy;
    }

    private static long revisionId(String taskId, String phase) throws SQLException {
        return Long.parseLong(single(TestPostgres.database(), "SELECT revision_id FROM upgrade_history.upgrade_task_revision"
                + " WHERE task_id = '" + taskId + "' AND phase = '" + phase + "'"));
    }

    private static String[] datasource(String database) {
        return new String[] {"--spring.datasource.url=" + TestPostgres.url(database),
                "--spring.datasource.username=" + TestPostgres.user(),
                "--spring.datasource.password=" + TestPostgres.password()};
    }

    private static String single(String database, String sql) throws SQLException {
        List<String> rows = TestPostgres.query(database, sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    private static List<String> sqlBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (block.find()) {
            blocks.add(block.group(1).strip());
        }
        return blocks;
    }
}
