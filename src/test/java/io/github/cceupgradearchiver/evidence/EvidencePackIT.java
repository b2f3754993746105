package io.github.cceupgradearchiver.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.evidence.RevisionLine.EvidenceRevision;
import io.github.cceupgradearchiver.history.SealHead;
import io.github.cceupgradearchiver.history.Sha256;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.GeneratedFleet;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import io.github.cceupgradearchiver.testsupport.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} and {@code verify --bundle} of the packaged jar, as an operator and an auditor run them: two signed
 * runs archive a cluster named in Chinese whose upgrade fails in between; the pack is checked with the database out
 * of reach, by the jar and by the pack's own verify.py, then altered as an attacker would, each time on its own copy.
 * A second archive, of a generated fleet of both families with every kind of evidence, is exported too: its evidence
 * revisions are sealed in the same chain as its task revisions, and the pack carries and checks both.
 */
class EvidencePackIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String AK = "PACK-IT-AK";
    static final String SK = "PACK-IT-SK";
    /** Nothing listens on port 1: a command that touched the database would fail. */
    static final String NO_DATABASE = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none";

    static final String RUNNING = taskList("Running", "40", "2024-05-01 09:01:00 +0800 CST", "");
    static final String FAILED = taskList("Failed", "60", "2024-05-01 09:20:30.123456 +0800 CST",
            "2024-05-01 09:20:30.123456 +0800 CST");

    @TempDir
    static Path dir;

    static CceApiSimulator simulator;
    static String database;
    static Path config;
    static Path publicKey;
    static Path otherPublicKey;
    static KeyPair attacker;
    static Path pack;
    static String headDigest;

    static CceApiSimulator evidenceSimulator;
    static String evidenceDatabase;
    static Path evidencePack;

    @BeforeAll
    static void twoSignedRunsThenAnExport() throws Exception {
        database = TestPostgres.database() + "_pack";
        admin("CREATE DATABASE " + database);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path signingKey = pem("seal.pem", "PRIVATE KEY", pair.getPrivate().getEncoded());
        publicKey = pem("seal.pub.pem", "PUBLIC KEY", pair.getPublic().getEncoded());
        otherPublicKey = pem("other.pub.pem", "PUBLIC KEY", attacker.getPublic().getEncoded());
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(PROJECT, "c-example", "prod-payments", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks()))
                        .cluster(PROJECT, "c-upgrading", "生产集群-支付", SimulatedResponse.ok(RUNNING), SimulatedResponse.ok(FAILED))
                        .build(),
                new SimulatorOptions(0, Map.of(AK, SK), Duration.ZERO, FaultOptions.none()));
        config = Files.writeString(dir.resolve("application.yml"), """
                archiver:
                  api:
                    endpoint: %s
                  clusters:
                    - {project-id: %s, region: cn-north-4, cluster-id: c-example, name: prod-payments}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-upgrading, name: 生产集群-支付}
                  integrity:
                    signing-key: %s
                """.formatted(simulator.endpoint(), PROJECT, PROJECT, signingKey));
        for (int run = 1; run <= 2; run++) {
            Result result = archiver("archive").env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK).run();
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
        pack = dir.resolve("evidence-2024.zip");
        Result export = archiver("export", "--from", "2024-01-01", "--to", "2024-12-31", "--output", pack.toString()).run();
        assertThat(export.exitCode()).as(export.output()).isZero();
        headDigest = TestPostgres.query(database, "SELECT digest FROM upgrade_history.archive_seal ORDER BY seal_id DESC LIMIT 1")
                .get(0);
        assertThat(export.output()).contains("export: head digest " + headDigest);
        anArchiveWithEvidenceThenAnExport(signingKey);
    }

    /** A generated fleet of both families serves pre-checks, snapshots, workflows and upgrade info. */
    static void anArchiveWithEvidenceThenAnExport(Path signingKey) throws Exception {
        evidenceDatabase = database + "_evidence";
        admin("CREATE DATABASE " + evidenceDatabase);
        evidenceSimulator = CceApiSimulator.start(new GeneratedFleet(PROJECT, 3, 2, 13, true),
                new SimulatorOptions(0, Map.of(AK, SK), Duration.ZERO, FaultOptions.none()));
        Path evidenceConfig = Files.writeString(dir.resolve("evidence.yml"), """
                archiver:
                  api:
                    endpoint: %s
                  discovery:
                    - {project-id: %s, region: cn-north-4}
                  integrity:
                    signing-key: %s
                """.formatted(evidenceSimulator.endpoint(), PROJECT, signingKey));
        Result archived = archiver(evidenceConfig, evidenceDatabase, "archive").env("CLOUD_SDK_AK", AK)
                .env("CLOUD_SDK_SK", SK).run();
        assertThat(archived.exitCode()).as(archived.output()).isZero();
        evidencePack = dir.resolve("evidence-all.zip");
        Result export = archiver(evidenceConfig, evidenceDatabase, "export", "--from", "2000-01-01", "--to", "2099-12-31",
                "--output", evidencePack.toString()).run();
        assertThat(export.exitCode()).as(export.output()).isZero();
    }

    @AfterAll
    static void dropTheArchive() throws Exception {
        simulator.close();
        if (evidenceSimulator != null) {
            evidenceSimulator.close();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)",
                "DROP DATABASE IF EXISTS " + database + "_evidence WITH (FORCE)");
    }

    @Test
    void thePackHoldsTheReportTheRevisionsOfThePeriodTheSealsToTheHeadAndTheKey() throws Exception {
        // given the pack of twoSignedRunsThenAnExport
        Map<String, byte[]> files = read(pack);

        // then
        assertThat(files.keySet()).contains("manifest.json", "revisions.jsonl", "seals.jsonl", "README.md", "verify.py",
                "report/report.pdf", "report/report.html", "report/report.csv");
        assertThat(files.keySet()).filteredOn(name -> name.startsWith("keys/")).hasSize(1);
        assertThat(lines(files, "revisions.jsonl")).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("{\"kind\": \"upgrade_task_revision\"").contains("\"cluster_id\": \"c-upgrading\""));
        assertThat(lines(files, "seals.jsonl")).hasSize(2);
        assertThat(new String(files.get("manifest.json"), StandardCharsets.UTF_8))
                .contains("\"head\": {\"seal_id\": 2, \"digest\": \"" + headDigest + "\"}");
        assertThat(new String(files.get("report/report.html"), StandardCharsets.UTF_8)).contains("生产集群-支付");
        assertThat(new String(files.get("README.md"), StandardCharsets.UTF_8)).contains(headDigest)
                .contains("openssl pkeyutl -verify");
    }

    @Test
    void verifyBundleFindsThePackIntactWithNoDatabaseReachableAndVerifyPyAgrees() throws Exception {
        // when
        Result verify = verifyBundle(pack, "--archiver.integrity.public-key=" + publicKey);
        Tools.Result python = Tools.run("python3", "python3", extract(pack, "verify.py").toString(), pack.toString());

        // then
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("intact: 2 revisions, 2 seals checked; head digest " + headDigest)
                .contains("signatures: checked with archiver.integrity.public-key");
        assertThat(python.exitCode()).as(python.output()).isZero();
        assertThat(python.output()).contains("evidence pack intact: 2 revisions, 2 seals checked; head digest " + headDigest);
    }

    @Test
    void aPackWithEvidenceCarriesEveryRevisionOfBothTablesAndBothCheckersFindItIntact() throws Exception {
        // given the pack of anArchiveWithEvidenceThenAnExport, over a period that holds the whole archive
        List<RevisionLine> revisions = lines(read(evidencePack), "revisions.jsonl").stream().map(RevisionLine::read).toList();
        String archived = TestPostgres.query(evidenceDatabase, """
                SELECT (SELECT count(*) FROM upgrade_history.upgrade_task_revision)
                       + (SELECT count(*) FROM upgrade_history.evidence_revision)""").get(0);

        // when
        Result verify = verifyBundle(evidencePack, "--archiver.integrity.public-key=" + publicKey);
        Tools.Result python = Tools.run("python3", "python3", extract(evidencePack, "verify.py").toString(),
                evidencePack.toString());

        // then: both tables are in the file, in revision_id order, and the seals' digests hold over both
        assertThat(revisions).hasSize(Integer.parseInt(archived));
        assertThat(revisions).filteredOn(EvidenceRevision.class::isInstance)
                .extracting(revision -> ((EvidenceRevision) revision).evidenceKind())
                .contains("precheck", "snapshot", "workflow", "upgrade_info");
        assertThat(revisions).filteredOn(RevisionLine.TaskRevision.class::isInstance).isNotEmpty();
        assertThat(revisions).extracting(RevisionLine::revisionId).isSorted();
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("intact: " + archived + " revisions");
        assertThat(python.exitCode()).as(python.output()).isZero();
        assertThat(python.output()).contains("evidence pack intact: " + archived + " revisions");
    }

    @Test
    void theEvidenceCanonicalFormOfThePackIsPostgresEvidenceCanonicalFormRowByRow() throws Exception {
        // given the first evidence revision of each kind in the pack
        Map<String, EvidenceRevision> firstOfEachKind = new LinkedHashMap<>();
        lines(read(evidencePack), "revisions.jsonl").stream().map(RevisionLine::read)
                .filter(EvidenceRevision.class::isInstance).map(EvidenceRevision.class::cast)
                .forEach(revision -> firstOfEachKind.putIfAbsent(revision.evidenceKind(), revision));
        assertThat(firstOfEachKind).hasSize(4);

        for (EvidenceRevision revision : firstOfEachKind.values()) {
            // when
            String postgres = TestPostgres.query(evidenceDatabase, """
                    SELECT upgrade_history.evidence_canonical_form(kind, run_id, project_id, cluster_id, object_id,
                                                                   observed_at, raw)
                    FROM upgrade_history.evidence_revision WHERE revision_id = """ + revision.revisionId()).get(0);

            // then
            assertThat(revision.canonicalForm()).isEqualTo(postgres);
            assertThat(Sha256.hex(postgres.getBytes(StandardCharsets.UTF_8))).isEqualTo(revision.contentHash());
        }
    }

    @Test
    void anEvidenceRevisionAlteredWithTheManifestRecomputedIsFoundByItsContentHash() throws Exception {
        // given: an attacker passes a snapshot off as a pre-check (the kind enters the canonical form) and
        // recomputes the manifest
        Map<String, byte[]> files = read(evidencePack);
        List<String> revisions = lines(files, "revisions.jsonl");
        int index = revisions.indexOf(revisions.stream().filter(line -> line.contains("\"evidence_kind\": \"snapshot\""))
                .findFirst().orElseThrow());
        revisions.set(index, revisions.get(index).replace("\"evidence_kind\": \"snapshot\"", "\"evidence_kind\": \"precheck\""));
        files.put("revisions.jsonl", join(revisions));
        Path altered = write("altered-evidence.zip", withManifestRecomputed(files));

        // when
        Result verify = verifyBundle(altered, "--archiver.integrity.public-key=" + publicKey);
        Tools.Result python = Tools.run("python3", "python3", extract(evidencePack, "verify.py").toString(),
                altered.toString());

        // then
        String where = "revisions.jsonl line " + (index + 1) + ", ";
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(verify.output()).contains("EVIDENCE PACK ALTERED").contains(where + "evidence revision ")
                .contains("its content does not match its content hash");
        assertThat(python.exitCode()).as(python.output()).isEqualTo(5);
        assertThat(python.output()).contains(where + "revision ").contains("its content does not match its content hash");
    }

    @Test
    void theReadmesOpensslCommandVerifiesTheHeadSignature() throws Exception {
        // given the README's steps, done by hand
        Map<String, byte[]> files = read(pack);
        List<String> seals = lines(files, "seals.jsonl");
        SealLine head = SealLine.read(seals.get(seals.size() - 1));
        Path message = Files.write(dir.resolve("message.txt"), head.head().signedMessage());
        Path signature = Files.write(dir.resolve("signature.bin"), Base64.getDecoder().decode(head.signature()));

        // when
        Tools.Result openssl = Tools.run("openssl", "openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                extract(pack, "keys/" + head.keyFingerprint() + ".pem").toString(), "-rawin", "-in", message.toString(),
                "-sigfile", signature.toString());

        // then
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        assertThat(openssl.output()).contains("Signature Verified Successfully");
    }

    @Test
    void aRevisionAlteredWithTheManifestRecomputedIsFoundByItsContentHash() throws Exception {
        // given: an attacker changes the failed upgrade's progress and recomputes the manifest
        Map<String, byte[]> files = read(pack);
        List<String> revisions = lines(files, "revisions.jsonl");
        revisions.set(1, revisions.get(1).replace("\"progress\": \"60\"", "\"progress\": \"100\""));
        files.put("revisions.jsonl", join(revisions));
        Path altered = write("altered-revision.zip", withManifestRecomputed(files));

        // when
        Result verify = verifyBundle(altered, "--archiver.integrity.public-key=" + publicKey);
        Tools.Result python = Tools.run("python3", "python3", extract(pack, "verify.py").toString(), altered.toString());

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(verify.output()).contains("EVIDENCE PACK ALTERED").contains("revisions.jsonl line 2, revision ")
                .contains("its content does not match its content hash");
        assertThat(python.exitCode()).as(python.output()).isEqualTo(5);
        assertThat(python.output()).contains("revisions.jsonl line 2, revision ")
                .contains("its content does not match its content hash");
    }

    @Test
    void aPackOfAnArchiveThatWasNotIntactAtExportIsNoEvidenceOfAnIntactOne() throws Exception {
        // given: the manifest's verdict as export writes it for an archive verify found altered
        Map<String, byte[]> files = read(pack);
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        files.put("manifest.json", manifest.replaceFirst("\"archive_verdict\": \"archive intact: [^\"]*\"",
                "\"archive_verdict\": \"ARCHIVE ALTERED: revision 2 (cluster c-1, task t-1): content_hash does not match its content\"")
                .getBytes(StandardCharsets.UTF_8));
        Path exported = write("exported-from-altered.zip", files);

        // when
        Result verify = verifyBundle(exported);
        Tools.Result python = Tools.run("python3", "python3", extract(pack, "verify.py").toString(), exported.toString());

        // then
        String damage = "the archive was not intact when this pack was exported: ARCHIVE ALTERED: revision 2";
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(verify.output()).contains(damage);
        assertThat(python.exitCode()).as(python.output()).isEqualTo(5);
        assertThat(python.output()).contains(damage);
    }

    @Test
    void aManifestWhoseHeadIsNoObjectIsAlteredNotAFailure() throws Exception {
        // given
        Map<String, byte[]> files = read(pack);
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        files.put("manifest.json", manifest.replaceFirst("\"head\": \\{[^}]*\\}", "\"head\": \"seal 1\"")
                .getBytes(StandardCharsets.UTF_8));
        Path damaged = write("head-not-an-object.zip", files);

        // when
        Result verify = verifyBundle(damaged);
        Tools.Result python = Tools.run("python3", "python3", extract(pack, "verify.py").toString(), damaged.toString());

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(verify.output()).contains("manifest.json: \"head\": not a JSON object");
        assertThat(python.exitCode()).as(python.output()).isEqualTo(5);
    }

    @Test
    void aFileChangedWithoutTheManifestIsNamed() throws Exception {
        // given
        Map<String, byte[]> files = read(pack);
        files.put("report/report.csv", "nothing happened\n".getBytes(StandardCharsets.UTF_8));
        Path altered = write("altered-report.zip", files);

        // when
        Result verify = verifyBundle(altered);
        Tools.Result python = Tools.run("python3", "python3", extract(pack, "verify.py").toString(), altered.toString());

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(verify.output()).contains("report/report.csv does not match its SHA-256 in the manifest");
        assertThat(python.exitCode()).isEqualTo(5);
        assertThat(python.output()).contains("report/report.csv does not match its SHA-256 in the manifest");
    }

    @Test
    void aPackForgedWholeAndSignedWithAnotherKeyFailsAgainstTheKeyTheAuditorHolds() throws Exception {
        // given: the attacker alters a revision, recomputes its hash, every seal and the chain, signs with their own
        // key and puts that key in the pack
        Path forged = write("forged.zip", forge(read(pack)));

        // when
        Result trustingThePack = verifyBundle(forged);
        Result withTheAuditorsKey = verifyBundle(forged, "--archiver.integrity.public-key=" + publicKey);
        Tools.Result python = Tools.run("python3", "python3", extract(pack, "verify.py").toString(), forged.toString());

        // then: only the key held outside the pack tells the forgery
        assertThat(trustingThePack.exitCode()).as(trustingThePack.output()).isZero();
        assertThat(trustingThePack.output()).contains("the pack's own keys");
        assertThat(python.exitCode()).as(python.output()).isZero();
        assertThat(withTheAuditorsKey.exitCode()).as(withTheAuditorsKey.output()).isEqualTo(5);
        assertThat(withTheAuditorsKey.output()).contains("which is none of archiver.integrity.public-key");
    }

    @Test
    void theIntactPackFailsAgainstAKeyThatDidNotSignIt() throws Exception {
        // when
        Result verify = verifyBundle(pack, "--archiver.integrity.public-key=" + otherPublicKey);

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(5);
        assertThat(verify.output()).contains("is signed by key").contains("which is none of archiver.integrity.public-key");
    }

    @Test
    void aFileThatIsNoPackIsBadUsage() throws Exception {
        // given
        Path notAZip = Files.writeString(dir.resolve("not-a-pack.zip"), "hello");

        // when
        Result verify = verifyBundle(notAZip);
        Tools.Result python = Tools.run("python3", "python3", extract(pack, "verify.py").toString(), notAZip.toString());

        // then
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(2);
        assertThat(verify.output()).contains(notAZip + " is not a zip file");
        assertThat(python.exitCode()).isEqualTo(2);
    }

    @Test
    void exportRefusesABackwardPeriodAndAnUnwritableOutputAndLeavesNothingBehind() throws Exception {
        // when
        Result backward = archiver("export", "--from", "2024-02-01", "--to", "2024-01-01", "--output",
                dir.resolve("backward.zip").toString()).run();
        Result nowhere = archiver("export", "--from", "2024-01-01", "--to", "2024-01-31", "--output",
                dir.resolve("missing/pack.zip").toString()).run();

        // then
        assertThat(backward.exitCode()).as(backward.output()).isEqualTo(2);
        assertThat(backward.output()).contains("--from 2024-02-01 is after --to 2024-01-01");
        assertThat(nowhere.exitCode()).as(nowhere.output()).isEqualTo(2);
        assertThat(nowhere.output()).contains("--output " + dir.resolve("missing/pack.zip") + " cannot be written");
        assertThat(dir.resolve("backward.zip")).doesNotExist();
    }

    // ---- the attacker's tools

    /** Alters the last revision, then recomputes everything that depends on it and signs with the attacker's key. */
    private static Map<String, byte[]> forge(Map<String, byte[]> files) throws Exception {
        List<String> revisions = lines(files, "revisions.jsonl");
        int last = revisions.size() - 1;
        RevisionLine original = RevisionLine.read(revisions.get(last));
        RevisionLine altered = RevisionLine.read(revisions.get(last).replace("\"progress\": \"60\"", "\"progress\": \"100\""));
        String hash = altered.recomputedHash();
        revisions.set(last, revisions.get(last).replace(original.contentHash(), hash)
                .replace("\"progress\": \"60\"", "\"progress\": \"100\""));
        files.put("revisions.jsonl", join(revisions));
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(attacker.getPublic().getEncoded()));
        List<String> seals = new ArrayList<>();
        String previous = null;
        for (String line : lines(files, "seals.jsonl")) {
            SealLine seal = SealLine.read(line);
            List<SealLine.Covered> covers = seal.covers().stream().map(covered -> covered.revisionId() == altered.revisionId()
                    ? new SealLine.Covered(covered.revisionId(), hash) : covered).toList();
            SealLine relinked = new SealLine(seal.sealId(), seal.runId(), seal.sealedAt(), seal.afterRevisionId(),
                    seal.lastRevisionId(), seal.revisionCount(), previous == null ? seal.previousDigest() : previous,
                    seal.digest(), null, null, covers);
            String digest = relinked.recomputedDigest();
            SealHead head = new SealHead(seal.sealId(), seal.runId(), seal.instant(), digest, null, null);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(attacker.getPrivate());
            signer.update(head.signedMessage());
            seals.add(new SealLine(seal.sealId(), seal.runId(), seal.sealedAt(), seal.afterRevisionId(),
                    seal.lastRevisionId(), seal.revisionCount(), relinked.previousDigest(), digest,
                    Base64.getEncoder().encodeToString(signer.sign()), fingerprint, covers).write());
            previous = digest;
        }
        files.put("seals.jsonl", join(seals));
        String oldKey = files.keySet().stream().filter(name -> name.startsWith("keys/")).findFirst().orElseThrow();
        String oldFingerprint = oldKey.substring("keys/".length(), oldKey.length() - ".pem".length());
        files.remove(oldKey);
        files.put("keys/" + fingerprint + ".pem", Files.readAllBytes(otherPublicKey));
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8)
                .replace(oldFingerprint, fingerprint).replace(headDigest, previous);
        files.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        return withManifestRecomputed(files);
    }

    /** The files with manifest.json's SHA-256 of each file recomputed, as an attacker who knows the format would. */
    private static Map<String, byte[]> withManifestRecomputed(Map<String, byte[]> files) throws Exception {
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        StringBuilder rewritten = new StringBuilder();
        for (String line : manifest.split("\n", -1)) {
            java.util.regex.Matcher file = java.util.regex.Pattern
                    .compile("(\\{\"path\": \"([^\"]+)\", \"sha256\": \")[0-9a-f]{64}(\", \"bytes\": )\\d+").matcher(line);
            if (file.find()) {
                byte[] content = files.get(file.group(2));
                line = file.replaceFirst(java.util.regex.Matcher.quoteReplacement(file.group(1)
                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)) + file.group(3)
                        + content.length));
            }
            rewritten.append(line).append('\n');
        }
        rewritten.setLength(rewritten.length() - 1);
        Map<String, byte[]> result = new LinkedHashMap<>(files);
        result.put("manifest.json", rewritten.toString().getBytes(StandardCharsets.UTF_8));
        return result;
    }

    // ---- helpers

    private static Result verifyBundle(Path bundle, String... options) throws Exception {
        return ArchiverProcess.command("verify", "--bundle", bundle.toString()).args(options).args(NO_DATABASE)
                .withoutTestDatabase().run();
    }

    private static ArchiverProcess archiver(String... args) {
        return archiver(config, database, args);
    }

    private static ArchiverProcess archiver(Path config, String database, String... args) {
        return ArchiverProcess.command(args).args("--spring.config.additional-location=" + config,
                "--spring.datasource.url=" + TestPostgres.url(database), "--spring.datasource.username=" + TestPostgres.user(),
                "--spring.datasource.password=" + TestPostgres.password()).withoutTestDatabase();
    }

    private static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                try (InputStream in = file.getInputStream(entry)) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return files;
    }

    private static Path write(String name, Map<String, byte[]> files) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream stream = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                stream.putNextEntry(new ZipEntry(file.getKey()));
                stream.write(file.getValue());
                stream.closeEntry();
            }
        }
        return zip;
    }

    private static Path extract(Path zip, String name) throws IOException {
        Path target = dir.resolve("extracted-" + zip.getFileName()).resolve(name);
        Files.createDirectories(target.getParent());
        return Files.write(target, read(zip).get(name));
    }

    private static List<String> lines(Map<String, byte[]> files, String name) {
        return new ArrayList<>(new String(files.get(name), StandardCharsets.UTF_8).lines().toList());
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection connection = TestPostgres.connect("postgres"); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static Path pem(String name, String type, byte[] der) throws IOException {
        return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n");
    }

    private static String taskList(String phase, String progress, String updated, String completed) {
        return """
                {"kind":"List","apiVersion":"v3","metadata":{},"items":[{"kind":"UpgradeTask","apiVersion":"v3",
                 "metadata":{"uid":"r-1","creationTimestamp":"2024-05-01 09:00:00 +0800 CST","updateTimestamp":"%s"},
                 "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},
                 "status":{"phase":"%s","progress":"%s","completionTime":"%s"}}]}""".formatted(updated, phase, progress, completed);
    }
}
