package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Issue 12's "Done when", on the packaged jar: an archive with two logins (a schema owner with CREATEROLE and a
 * runtime login that owns nothing, both made for this test run and dropped after it), a signing key and a witness
 * directory; three runs as the runtime login; then every insider's attack, each on its own copy of the archive,
 * against the defence that catches it.
 */
class TrustNobodyIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String AK = "TRUST-IT-AK";
    static final String SK = "TRUST-IT-SK";
    static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String OWNER = "archiver_it_owner_" + SUFFIX;
    static final String APP = "archiver_it_app_" + SUFFIX;
    static final String PASSWORD = "it-" + SUFFIX;
    static final Pattern HEAD = Pattern.compile("archive intact: \\d+ revisions, (\\d+) seals, \\d+ tasks checked; head digest ([0-9a-f]{64})");

    /** r-1 is running in the first run and has failed by the second; the third run sees nothing new. */
    static final String RUNNING = taskList("Running", "40", "2024-05-01 09:01:00 +0800 CST", "");
    static final String FAILED = taskList("Failed", "60", "2024-05-01 09:20:30.123456 +0800 CST",
            "2024-05-01 09:20:30.123456 +0800 CST");

    @TempDir
    static Path dir;

    static CceApiSimulator simulator;
    static String database;
    static Path config;
    static Path signingKey;
    static Path publicKey;
    static Path otherPublicKey;
    static Path witness;
    static final List<String> databases = new ArrayList<>();
    final List<String> copies = new ArrayList<>();

    @BeforeAll
    static void threeRunsAsTheLoginThatOwnsNothing() throws Exception {
        admin("CREATE ROLE " + OWNER + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'",
                "CREATE ROLE " + APP + " LOGIN PASSWORD '" + PASSWORD + "'");
        database = TestPostgres.database() + "_trust";
        admin("CREATE DATABASE " + database + " OWNER " + OWNER);
        databases.add(database);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        signingKey = pem("seal.pem", "PRIVATE KEY", pair.getPrivate().getEncoded());
        publicKey = pem("seal.pub.pem", "PUBLIC KEY", pair.getPublic().getEncoded());
        otherPublicKey = pem("other.pub.pem", "PUBLIC KEY",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        witness = Files.createDirectory(dir.resolve("witness"));
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(PROJECT, "c-example", "prod-payments", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                        .cluster(PROJECT, "c-upgrading", "prod-ledger", SimulatedResponse.ok(RUNNING), SimulatedResponse.ok(FAILED))
                        .build(),
                new SimulatorOptions(0, Map.of(AK, SK), Duration.ZERO, FaultOptions.none()));
        config = Files.writeString(dir.resolve("application.yml"), """
                archiver:
                  api:
                    endpoint: %s
                  clusters:
                    - {project-id: %s, region: cn-north-4, cluster-id: c-example, name: prod-payments}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-upgrading, name: prod-ledger}
                  integrity:
                    signing-key: %s
                    witness-dir: %s
                """.formatted(simulator.endpoint(), PROJECT, PROJECT, signingKey, witness));
        for (int run = 1; run <= 3; run++) {
            Result result = archive(database, witness).run();
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("sealed run " + run + ": ").contains("signed by key "
                    + Ed25519Keys.fingerprint(pair.getPublic()));
        }
    }

    @AfterAll
    static void dropTheArchiveAndTheLogins() throws Exception {
        simulator.close();
        for (String name : databases) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        admin("DROP ROLE IF EXISTS " + APP, "DROP ROLE IF EXISTS " + OWNER);
    }

    @AfterEach
    void dropTheCopiesOfThisTest() throws Exception {
        for (String copy : copies) {
            admin("DROP DATABASE IF EXISTS " + copy + " WITH (FORCE)");
        }
    }

    @Test
    void theRunsWroteAsTheRuntimeLoginIntoTablesItDoesNotOwnAndSignedEverySeal() throws Exception {
        assertThat(TestPostgres.query(database, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'upgrade_history'"))
                .containsExactly(OWNER);
        assertThat(TestPostgres.query(database, "SELECT pg_has_role('" + APP + "', 'upgrade_history_writer', 'MEMBER')"))
                .containsExactly("t");
        assertThat(TestPostgres.query(database, "SELECT seal_id || ' ' || (signature IS NOT NULL) FROM upgrade_history.archive_seal ORDER BY 1"))
                .containsExactly("1 true", "2 true", "3 true");
        assertThat(TestPostgres.query(database, "SELECT count(*) FROM upgrade_history.upgrade_task_revision WHERE task_id = 'r-1'"))
                .containsExactly("2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ALTER TABLE upgrade_history.upgrade_task_revision DISABLE TRIGGER upgrade_task_revision_append_only | must be owner of table upgrade_task_revision
            ALTER TABLE upgrade_history.archive_seal DISABLE TRIGGER ALL                                       | must be owner of table archive_seal
            CREATE OR REPLACE FUNCTION upgrade_history.sha256_hex(text) RETURNS text LANGUAGE sql AS 'SELECT $1' | permission denied for schema upgrade_history
            CREATE FUNCTION upgrade_history.sha256_hex(varchar) RETURNS text LANGUAGE sql AS 'SELECT $1'       | permission denied for schema upgrade_history
            UPDATE upgrade_history.upgrade_task_revision SET phase = 'Success'                                  | permission denied for table upgrade_task_revision
            DELETE FROM upgrade_history.upgrade_task_revision                                                  | permission denied for table upgrade_task_revision
            TRUNCATE upgrade_history.upgrade_task_revision                                                     | permission denied for table upgrade_task_revision
            UPDATE upgrade_history.archive_seal SET revision_count = 0                                         | permission denied for table archive_seal
            DELETE FROM upgrade_history.archive_seal                                                           | permission denied for table archive_seal
            TRUNCATE upgrade_history.archive_seal                                                              | permission denied for table archive_seal
            UPDATE upgrade_history.evidence_revision SET raw = '{}'                                             | permission denied for table evidence_revision
            DELETE FROM upgrade_history.evidence_revision                                                      | permission denied for table evidence_revision
            TRUNCATE upgrade_history.evidence_revision                                                         | permission denied for table evidence_revision
            ALTER TABLE upgrade_history.evidence_revision DISABLE TRIGGER evidence_revision_append_only        | must be owner of table evidence_revision
            CREATE OR REPLACE FUNCTION upgrade_history.evidence_canonical_form(text, bigint, text, text, text, timestamptz, jsonb) RETURNS text LANGUAGE sql AS 'SELECT $1' | permission denied for schema upgrade_history
            SET session_replication_role = replica                                                             | permission denied to set parameter
            CREATE TABLE upgrade_history.shadow (id int)                                                       | permission denied for schema upgrade_history
            """)
    void theRuntimeLoginCannotChangeHistoryNorTheRulesThatGuardIt(String statement, String refusal) throws Exception {
        try (Connection app = login(APP, database)) {
            // when / then
            ArchiveDatabase.assertRefused(app, statement, refusal);
        }
    }

    @Test
    void verifyWithThePublicKeyAndTheWitnessFindsTheArchiveIntactAndTheWitnessHoldsTheHeadDigest() throws Exception {
        // when
        Result result = verify(database, "--archiver.integrity.public-key=" + publicKey, "--archiver.integrity.witness-dir=" + witness);

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher head = HEAD.matcher(result.output());
        assertThat(head.find()).as(result.output()).isTrue();
        assertThat(Files.readString(witness.resolve(SealWitness.fileName(Long.parseLong(head.group(1))))))
                .contains("\"digest\":\"" + head.group(2) + "\"");
        assertThat(result.output())
                .contains("setup: two logins: " + OWNER + " owns the schema; " + APP + " writes through upgrade_history_writer")
                .contains("signatures: checked with key " + Ed25519Keys.fingerprint(Ed25519Keys.publicKey("k", publicKey))
                        + ": 3 of 3 seals are signed")
                .contains("witness: checked " + witness + ": 3 witnessed seals, each in the chain unchanged; the newest seal 3 is witnessed");
    }

    @Test
    void aRuntimeLoginThatIsAMemberOfTheOwnerRoleIsNotSaidToOwnNothing() throws Exception {
        // given: the runtime login made a member of the owner role, as is easy on a small install
        admin("GRANT " + OWNER + " TO " + APP);
        Result result;
        try {
            // when
            result = verify(database);
        } finally {
            admin("REVOKE " + OWNER + " FROM " + APP);
        }

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("setup: two logins, but " + APP + " is a member of the owner role " + OWNER
                + ": through it, it can disable the append-only triggers").doesNotContain("owns nothing");
    }

    @Test
    void withoutKeyOrWitnessVerifySaysThatNeitherWasChecked() throws Exception {
        // when
        Result result = verify(database);

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("signatures: not checked (no archiver.integrity.public-key); 3 of 3 seals are signed")
                .contains("witness: not checked (no archiver.integrity.witness-dir)");
    }

    @Test
    void theOwnersForgeryWithAReplacedHashFunctionIsFound() throws Exception {
        // given: the owner rewrites the failed upgrade as a success, behind its own disabled trigger, and replaces the
        // hash function so that the archive's own SQL still finds the forged revision's hash right
        String copy = copy();
        long failed = Long.parseLong(single(copy, "SELECT revision_id FROM upgrade_history.upgrade_task_revision WHERE phase = 'Failed'"));
        String hash = single(copy, "SELECT content_hash FROM upgrade_history.upgrade_task_revision WHERE revision_id = " + failed);
        asLogin(OWNER, copy,
                "ALTER TABLE upgrade_history.upgrade_task_revision DISABLE TRIGGER upgrade_task_revision_append_only",
                "UPDATE upgrade_history.upgrade_task_revision SET phase = 'Success', raw = jsonb_set(raw, '{status,phase}', '\"Success\"')"
                        + " WHERE revision_id = " + failed,
                "ALTER TABLE upgrade_history.upgrade_task_revision ENABLE TRIGGER upgrade_task_revision_append_only",
                "UPDATE upgrade_history.upgrade_task SET phase = 'Success', raw = jsonb_set(raw, '{status,phase}', '\"Success\"')"
                        + " WHERE task_id = 'r-1'",
                """
                CREATE OR REPLACE FUNCTION upgrade_history.sha256_hex(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
                    SELECT CASE WHEN $1 LIKE '%%"task_id": "r-1"%%' AND $1 LIKE '%%"phase": "Success"%%' AND $1 LIKE '%%"run_id": 2%%'
                                THEN '%s' ELSE encode(sha256(convert_to($1, 'UTF8')), 'hex') END
                $$""".formatted(hash));
        assertThat(single(copy, "SELECT content_hash = upgrade_history.sha256_hex(upgrade_history.revision_canonical_form("
                + "run_id, project_id, cluster_id, task_id, observed_at, phase, raw)) FROM upgrade_history.upgrade_task_revision"
                + " WHERE revision_id = " + failed)).as("the archive's own functions are fooled").isEqualTo("t");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "function upgrade_history.sha256_hex(text) was replaced");
    }

    @Test
    void theOwnersForgeryWithTheFunctionRestoredIsFoundByTheContentHash() throws Exception {
        // given: the same forgery, the function put back afterwards
        String copy = copy();
        String failed = single(copy, "SELECT revision_id FROM upgrade_history.upgrade_task_revision WHERE phase = 'Failed'");
        asLogin(OWNER, copy,
                "ALTER TABLE upgrade_history.upgrade_task_revision DISABLE TRIGGER upgrade_task_revision_append_only",
                "UPDATE upgrade_history.upgrade_task_revision SET phase = 'Success', raw = jsonb_set(raw, '{status,phase}', '\"Success\"')"
                        + " WHERE phase = 'Failed'",
                "ALTER TABLE upgrade_history.upgrade_task_revision ENABLE TRIGGER upgrade_task_revision_append_only");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "revision " + failed + " (cluster c-upgrading, task r-1): content_hash does not match its content");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INSERT INTO upgrade_history.upgrade_task_revision OVERRIDING SYSTEM VALUE VALUES (-1, 1, 'p', 'c-example', 'fake', now(), 'Success', '{}', repeat('0', 64)) | upgrade_task_revision_id_positive
            INSERT INTO upgrade_history.evidence_revision VALUES (0, 1, 'precheck', 'p', 'c-example', 'fake', now(), '{}', repeat('0', 64)) | evidence_revision_id_positive
            """)
    void theRuntimeLoginCannotInsertARevisionBelowEverySealsRange(String statement, String check) throws Exception {
        try (Connection app = login(APP, database); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            // when / then: refused by the check (SQLSTATE 23514), not merely for lack of privilege
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> sql.execute(statement))
                    .withMessageContaining("violates check constraint \"" + check + "\"")
                    .satisfies(e -> assertThat(e.getSQLState()).isEqualTo("23514"));
            app.rollback();
        }
    }

    @Test
    void aRevisionBelowEverySealsRangeIsDamageEvenWhereTheSchemaLetItIn() throws Exception {
        // given: an archive whose revision ids are not checked (as before V11); the runtime login adds a passed
        // pre-check with revision id 0 and its right content hash, below the first seal's range
        String copy = copy();
        asLogin(OWNER, copy, "ALTER TABLE upgrade_history.evidence_revision DROP CONSTRAINT evidence_revision_id_positive");
        asLogin(APP, copy, """
                INSERT INTO upgrade_history.evidence_revision
                SELECT 0, 1, 'precheck', p, 'c-example', 'fake', t, r, encode(sha256(convert_to(
                       upgrade_history.evidence_canonical_form('precheck', 1, p, 'c-example', 'fake', t, r), 'UTF8')), 'hex')
                FROM (VALUES ('%s', timestamptz '2024-05-01 00:00:00+00', jsonb '{"status": {"phase": "Success"}}')) AS v(p, t, r)
                """.formatted(PROJECT));

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "revision 0 (cluster c-example, task precheck fake) has a revision_id below 1, outside"
                + " every seal's range: no run wrote it");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a table turned into a view          | ALTER TABLE upgrade_history.archive_seal RENAME TO archive_seal_kept && CREATE TABLE upgrade_history.archive_seal (LIKE upgrade_history.archive_seal_kept) && CREATE RULE "_RETURN" AS ON SELECT TO upgrade_history.archive_seal DO INSTEAD SELECT * FROM upgrade_history.archive_seal_kept WHERE seal_id < 3 | upgrade_history.archive_seal is no longer a table (pg_class.relkind 'v', a view)
            a rule that drops new revisions      | CREATE RULE forget AS ON INSERT TO upgrade_history.upgrade_task_revision DO INSTEAD NOTHING                 | upgrade_history.upgrade_task_revision has rules (pg_rewrite)
            a policy that hides the newest seal  | ALTER TABLE upgrade_history.archive_seal ENABLE ROW LEVEL SECURITY && CREATE POLICY older ON upgrade_history.archive_seal USING (seal_id < 3) | row-level security is enabled on upgrade_history.archive_seal
            a child table read as the parent     | CREATE TABLE upgrade_history.more_revisions () INHERITS (upgrade_history.upgrade_task_revision)              | upgrade_history.upgrade_task_revision has child tables
            a disabled append-only trigger      | ALTER TABLE upgrade_history.archive_seal DISABLE TRIGGER archive_seal_append_only                          | append-only trigger archive_seal_append_only on upgrade_history.archive_seal is disabled
            a trigger that fires on no row      | DROP TRIGGER upgrade_task_revision_append_only ON upgrade_history.upgrade_task_revision && CREATE TRIGGER upgrade_task_revision_append_only BEFORE UPDATE OF task_id ON upgrade_history.upgrade_task_revision FOR EACH ROW EXECUTE FUNCTION upgrade_history.reject_change() | trigger upgrade_task_revision_append_only was changed
            a trigger function that lets all by | CREATE OR REPLACE FUNCTION upgrade_history.reject_change() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END' | function upgrade_history.reject_change() was replaced
            a column of a type whose casts run the owner's code | CREATE TYPE upgrade_history.r AS RANGE (subtype = jsonb) && CREATE FUNCTION upgrade_history.to_json(upgrade_history.r) RETURNS json LANGUAGE sql AS 'SELECT pg_catalog.lower($1)::pg_catalog.text::pg_catalog.json' && CREATE CAST (upgrade_history.r AS json) WITH FUNCTION upgrade_history.to_json(upgrade_history.r) && CREATE FUNCTION upgrade_history.to_jsonb(upgrade_history.r) RETURNS jsonb LANGUAGE sql AS 'SELECT pg_catalog.lower($1)' && CREATE CAST (upgrade_history.r AS jsonb) WITH FUNCTION upgrade_history.to_jsonb(upgrade_history.r) AS IMPLICIT && ALTER TABLE upgrade_history.upgrade_task_revision ALTER COLUMN raw TYPE upgrade_history.r USING upgrade_history.r(raw, raw, '[]') | column upgrade_history.upgrade_task_revision.raw is of type upgrade_history.r, not jsonb
            an added column of the owner's type | CREATE TYPE upgrade_history.e AS ENUM ('x') && ALTER TABLE upgrade_history.archive_seal ADD COLUMN note upgrade_history.e | column upgrade_history.archive_seal.note is of type upgrade_history.e, not a pg_catalog type
            evidence revisions unguarded        | ALTER TABLE upgrade_history.evidence_revision DISABLE TRIGGER evidence_revision_append_only                | append-only trigger evidence_revision_append_only on upgrade_history.evidence_revision is disabled
            an evidence hash that hashes less   | CREATE OR REPLACE FUNCTION upgrade_history.evidence_canonical_form(kind text, run_id bigint, project_id text, cluster_id text, object_id text, observed_at timestamptz, raw jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT raw::text' | function upgrade_history.evidence_canonical_form(text,bigint,text,text,text,timestamp with time zone,jsonb) was replaced
            pre-checks read through a view      | ALTER TABLE upgrade_history.precheck_task RENAME TO precheck_task_kept && CREATE VIEW upgrade_history.precheck_task AS SELECT * FROM upgrade_history.precheck_task_kept | upgrade_history.precheck_task is no longer a table
            """)
    void theOwnersChangesToTheArchivesDefinitionsAreTampering(String attack, String statements, String damage)
            throws Exception {
        // given
        String copy = copy();
        asLogin(OWNER, copy, statements.split(" && "));

        // when: verify runs as the runtime login, whom the policy would hide seal 3 from
        Result result = verify(copy);

        // then
        assertAltered(result, damage);
    }

    @Test
    void aSuperusersConsistentRewriteOfTheChainIsFoundByTheSignaturesOnly() throws Exception {
        // given: the failed upgrade rewritten as a success, its hash and every seal from its own on recomputed with
        // the published formulas; the signatures are left as they were (nobody but the archiver holds the key)
        String copy = copy();
        asSuperuser(copy, "SET session_replication_role = replica", """
                UPDATE upgrade_history.upgrade_task_revision SET phase = 'Success', raw = jsonb_set(raw, '{status,phase}', '"Success"')
                WHERE phase = 'Failed'""", """
                UPDATE upgrade_history.upgrade_task_revision SET content_hash = encode(sha256(convert_to(jsonb_build_object(
                        'run_id', run_id, 'project_id', project_id, 'cluster_id', cluster_id, 'task_id', task_id,
                        'observed_at', to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        'phase', phase, 'raw', raw)::text, 'UTF8')), 'hex')""",
                "UPDATE upgrade_history.upgrade_task SET phase = 'Success', raw = jsonb_set(raw, '{status,phase}', '\"Success\"') WHERE task_id = 'r-1'",
                RECOMPUTE_CHAIN);

        // when
        Result withoutKey = verify(copy);
        Result withKey = verify(copy, "--archiver.integrity.public-key=" + publicKey);

        // then
        assertThat(withoutKey.exitCode()).as("documented: a consistent rewrite passes without key or witness\n" + withoutKey.output())
                .isZero();
        assertAltered(withKey, "seal 2 (run 2, sealed ");
        assertThat(withKey.output()).contains("its signature does not match it");
    }

    @Test
    void theRemovalOfTheNewestSealWithItsRunIsFoundByTheWitness() throws Exception {
        // given
        String copy = copy();
        asSuperuser(copy, "SET session_replication_role = replica",
                "DELETE FROM upgrade_history.archive_seal WHERE seal_id = 3",
                "DELETE FROM upgrade_history.cluster_fetch WHERE run_id = 3",
                "DELETE FROM upgrade_history.archive_run WHERE run_id = 3");

        // when
        Result withoutWitness = verify(copy);
        Result withWitness = verify(copy, "--archiver.integrity.witness-dir=" + witness);

        // then
        assertThat(withoutWitness.exitCode()).as("documented: a shorter chain passes without the witness\n" + withoutWitness.output())
                .isZero();
        assertAltered(withWitness, "witnessed seal 3 (run 3, sealed ");
        assertThat(withWitness.output()).contains("is missing from the chain: seals were removed, or the chain was rolled back");
    }

    @Test
    void theRemovalOfTheNewestSealAloneIsFoundByItsRun() throws Exception {
        // given
        String copy = copy();
        asSuperuser(copy, "SET session_replication_role = replica", "DELETE FROM upgrade_history.archive_seal WHERE seal_id = 3");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "archive run 3 finished (SUCCEEDED) but no seal names it: its seal was removed");
    }

    @Test
    void aSignatureRemovedAfterTheFirstSignedSealIsFoundWithoutAKey() throws Exception {
        // given
        String copy = copy();
        asSuperuser(copy, "SET session_replication_role = replica",
                "UPDATE upgrade_history.archive_seal SET signature = NULL, key_fingerprint = NULL WHERE seal_id = 2");

        // when
        Result result = verify(copy);

        // then
        assertAltered(result, "seal 2 (run 2, sealed ");
        assertThat(result.output()).contains("is not signed, but seal 1 before it was");
    }

    @Test
    void sealsSignedByAKeyThatIsNotConfiguredAreNotTakenOnTrust() throws Exception {
        // when
        Result result = verify(database, "--archiver.integrity.public-key=" + otherPublicKey);

        // then
        assertAltered(result, "seal 1 (run 1, sealed ");
        assertThat(result.output()).contains("which is none of archiver.integrity.public-key");
    }

    @Test
    void aBadKeyFileIsAConfigurationErrorNamingTheKey() throws Exception {
        // given
        String copy = copy();

        // when
        Result verify = verify(copy, "--archiver.integrity.public-key=" + signingKey);
        Result archive = archive(copy, witness).args("--archiver.integrity.signing-key=" + dir.resolve("missing.pem")).run();

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(2);
        assertThat(verify.output()).contains("archiver.integrity.public-key: " + signingKey + " holds a PEM PRIVATE KEY");
        assertThat(archive.exitCode()).as(archive.output()).isEqualTo(2);
        assertThat(archive.output()).contains("archiver.integrity.signing-key: cannot read " + dir.resolve("missing.pem"));
        assertThat(single(copy, "SELECT count(*) FROM upgrade_history.archive_run")).isEqualTo("3");
    }

    @Test
    void aWitnessThatCannotRecordTheSealFailsTheRunLoudlyAndLosesNothing() throws Exception {
        // given: the next seal's file is already there
        String copy = copy();
        Path occupied = Files.createDirectory(dir.resolve("occupied-" + copies.size()));
        Files.writeString(occupied.resolve(SealWitness.fileName(4)), "not ours\n");

        // when
        Result result = archive(copy, occupied).run();

        // then
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("seal 4 is in the archive, but the witness could not record it: the witness in "
                + occupied + " already holds seal-000000000004.json");
        assertThat(result.output()).contains("archive run 4 SUCCEEDED").contains("but its seal was not witnessed");
        assertThat(single(copy, "SELECT run_id FROM upgrade_history.archive_seal WHERE seal_id = 4")).isEqualTo("4");
        assertThat(verify(copy, "--archiver.integrity.public-key=" + publicKey).exitCode()).isZero();
    }

    // Every seal from the first recomputed in order, each chained to the one before, with the published formula.
    static final String RECOMPUTE_CHAIN = """
            DO $$
            DECLARE
                s record;
                previous text := repeat('0', 64);
                after bigint := 0;
            BEGIN
                FOR s IN SELECT * FROM upgrade_history.archive_seal ORDER BY seal_id LOOP
                    UPDATE upgrade_history.archive_seal SET previous_digest = previous,
                        digest = upgrade_history.seal_digest(previous, s.run_id, s.sealed_at, s.last_revision_id, s.revision_count,
                            (SELECT coalesce(string_agg(r.content_hash || E'\\n', '' ORDER BY r.revision_id), '')
                             FROM (SELECT revision_id, content_hash FROM upgrade_history.upgrade_task_revision
                                   UNION ALL
                                   SELECT revision_id, content_hash FROM upgrade_history.evidence_revision) r
                             WHERE r.revision_id > after AND r.revision_id <= s.last_revision_id))
                    WHERE seal_id = s.seal_id RETURNING digest INTO previous;
                    after := s.last_revision_id;
                END LOOP;
            END
            $$""";

    private static String taskList(String phase, String progress, String updated, String completed) {
        return """
                {"kind":"List","apiVersion":"v3","metadata":{},"items":[{"kind":"UpgradeTask","apiVersion":"v3",
                 "metadata":{"uid":"r-1","creationTimestamp":"2024-05-01 09:00:00 +0800 CST","updateTimestamp":"%s"},
                 "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},
                 "status":{"phase":"%s","progress":"%s","completionTime":"%s"}}]}""".formatted(updated, phase, progress, completed);
    }

    /** An archive run as the runtime login, migrations as the owner. */
    private static ArchiverProcess archive(String database, Path witnessDir) {
        return ArchiverProcess.command("archive", "--spring.config.additional-location=" + config,
                        "--archiver.integrity.witness-dir=" + witnessDir,
                        "--spring.datasource.url=" + TestPostgres.url(database),
                        "--spring.datasource.username=" + APP, "--spring.datasource.password=" + PASSWORD,
                        "--spring.flyway.user=" + OWNER, "--spring.flyway.password=" + PASSWORD)
                .withoutTestDatabase().env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK);
    }

    /** verify as the runtime login alone (no owner's password: Flyway finds nothing to do). */
    private static Result verify(String database, String... integrity) throws Exception {
        return ArchiverProcess.command("verify", "--spring.datasource.url=" + TestPostgres.url(database),
                        "--spring.datasource.username=" + APP, "--spring.datasource.password=" + PASSWORD)
                .args(integrity).withoutTestDatabase().run();
    }

    private static void assertAltered(Result result, String damage) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(5);
        assertThat(result.output()).contains("ARCHIVE ALTERED: " + damage);
    }

    /** A copy of the archive, owned like the original; copying needs the archive to have no connections. */
    private String copy() throws Exception {
        String copy = database + "_c" + (copies.size() + 1);
        admin("CREATE DATABASE " + copy + " TEMPLATE " + database + " OWNER " + OWNER);
        copies.add(copy);
        return copy;
    }

    private static Connection login(String login, String database) throws SQLException {
        return DriverManager.getConnection(TestPostgres.url(database), login, PASSWORD);
    }

    private static void asLogin(String login, String database, String... statements) throws SQLException {
        execute(login(login, database), statements);
    }

    private static void asSuperuser(String database, String... statements) throws SQLException {
        execute(TestPostgres.connect(database), statements);
    }

    private static void admin(String... statements) throws SQLException {
        asSuperuser("postgres", statements);
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (connection; Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static String single(String database, String sql) throws SQLException {
        List<String> rows = TestPostgres.query(database, sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    private static Path pem(String name, String type, byte[] der) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n");
    }
}
