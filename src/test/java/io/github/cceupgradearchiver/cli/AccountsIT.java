package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedAccount;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many accounts in one run, against a stand-in whose keys each read only their own account's projects and whose IAM
 * serves assume-role: the default credentials (account "central"), a second account with keys of its own, and a
 * third reached through an agency that trusts "central". The threat: a key, secret or token in a log line, and one
 * account's failure hiding the others.
 */
class AccountsIT {

    static final String CENTRAL_PROJECT = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c";
    static final String RETAIL_PROJECT = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
    static final String PAYMENTS_PROJECT = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
    static final String CENTRAL_AK = "CENTRALAKEXAMPLE0001";
    static final String CENTRAL_SK = "central-secret-key-never-printed";
    static final String RETAIL_AK = "RETAILAKEXAMPLE00002";
    static final String RETAIL_SK = "retail-secret-key-never-printed";

    static CceApiSimulator simulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startApi() {
        String tasks = Fixtures.exampleUpgradeTasks();
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(CENTRAL_PROJECT, "c-central", "central-prod", SimulatedResponse.ok(tasks))
                        .cluster(RETAIL_PROJECT, "c-retail", "retail-prod", SimulatedResponse.ok(tasks))
                        .cluster(PAYMENTS_PROJECT, "c-payments", "payments-prod", SimulatedResponse.ok(tasks))
                        .build(),
                new SimulatorOptions(0, Map.of(), Duration.ZERO, FaultOptions.none()).withAccounts(List.of(
                        SimulatedAccount.withKeys("central", CENTRAL_AK, CENTRAL_SK, Set.of(CENTRAL_PROJECT)),
                        SimulatedAccount.withKeys("retail", RETAIL_AK, RETAIL_SK, Set.of(RETAIL_PROJECT)),
                        new SimulatedAccount("payments", null, null, Set.of(PAYMENTS_PROJECT), Map.of())
                                .withAgency("archiver-read", "central")), Duration.ofHours(1)));
    }

    @AfterAll
    static void stopApi() {
        simulator.close();
    }

    @Test
    void theClustersOfThreeAccountsAreArchivedInOneRunEachWithItsOwnKeysAndNoSecretIsLoggedEvenAtDebug() throws Exception {
        // given
        ArchiveDatabase.reset();
        Path config = configuration("""
                    - {project-id: %s, region: cn-north-4, cluster-id: c-central, name: central-prod}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-retail, name: retail-prod, account: retail}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-payments, name: payments-prod, account: payments}
                """.formatted(CENTRAL_PROJECT, RETAIL_PROJECT, PAYMENTS_PROJECT));

        // when
        Result result = archive(config).args("--logging.level.root=DEBUG").run();

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(TestPostgres.query("""
                SELECT cluster_id || ' ' || account || ' ' || outcome || ' ' || attempts
                FROM upgrade_history.cluster_fetch ORDER BY cluster_id""")).containsExactly(
                "c-central default OK 1", "c-payments payments OK 1", "c-retail retail OK 1");
        assertThat(result.output()).contains("cluster retail-prod (c-retail, account retail) OK",
                "account payments: temporary keys of agency archiver-read obtained");
        List<String> secrets = new ArrayList<>(List.of(CENTRAL_AK, CENTRAL_SK, RETAIL_AK, RETAIL_SK));
        secrets.addAll(simulator.issuedTemporaryKeys());
        assertThat(simulator.issuedTemporaryKeys()).hasSize(3);
        assertThat(secrets).allSatisfy(secret -> assertThat(result.output()).doesNotContain(secret));
    }

    @Test
    void aClusterUnderTheWrongAccountFailsAloneAsForbidden() throws Exception {
        // given: the retail cluster put under the payments account, whose keys may not read retail's project
        ArchiveDatabase.reset();
        Path config = configuration("""
                    - {project-id: %s, region: cn-north-4, cluster-id: c-central}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-retail, account: payments}
                    - {project-id: %s, region: cn-north-4, cluster-id: c-payments, account: payments}
                """.formatted(CENTRAL_PROJECT, RETAIL_PROJECT, PAYMENTS_PROJECT));

        // when
        Result result = archive(config).run();

        // then
        assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
        assertThat(TestPostgres.query("""
                SELECT cluster_id || ' ' || account || ' ' || outcome || ' ' || coalesce(error_class, '-') || ' ' || attempts
                FROM upgrade_history.cluster_fetch ORDER BY cluster_id""")).containsExactly(
                "c-central default OK - 1", "c-payments payments OK - 1", "c-retail payments FAILED FORBIDDEN 1");
        assertThat(result.output()).contains("cluster c-retail (c-retail, account payments) FAILED: FORBIDDEN HTTP 403",
                "c-retail (FORBIDDEN 403, account payments)");
    }

    @Test
    void anUnknownAccountIsAConfigurationErrorNamingTheKey() throws Exception {
        Path config = configuration("""
                    - {project-id: %s, region: cn-north-4, cluster-id: c-central, account: wholesale}
                """.formatted(CENTRAL_PROJECT));

        Result result = archive(config).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("archiver.clusters[0].account", "no account named wholesale");
    }

    @Test
    void theRunsOfTwoConfigurationsNeverContinueEachOther() throws Exception {
        // given: an unfinished run of the retail configuration today
        ArchiveDatabase.reset();
        Path retailOnly = configuration("""
                    - {project-id: %s, region: cn-north-4, cluster-id: c-retail, account: retail}
                """.formatted(RETAIL_PROJECT));
        Path centralOnly = configuration("""
                    - {project-id: %s, region: cn-north-4, cluster-id: c-central}
                """.formatted(CENTRAL_PROJECT));
        TestPostgres.query("""
                INSERT INTO upgrade_history.archive_run (started_at, status, clusters_total, scope)
                VALUES (now(), 'STOPPED', 1, 'retail') RETURNING run_id::text""");

        // when
        Result central = archive(centralOnly).run();
        Result retail = archive(retailOnly).run();

        // then: the central run opened a run of its own; the retail one continued retail's
        assertThat(central.exitCode()).as(central.output()).isZero();
        assertThat(retail.exitCode()).as(retail.output()).isZero();
        assertThat(TestPostgres.query("""
                SELECT r.run_id || ' ' || r.scope || ' ' || r.status || ' ' || string_agg(f.cluster_id, ',')
                FROM upgrade_history.archive_run r JOIN upgrade_history.cluster_fetch f USING (run_id)
                GROUP BY r.run_id ORDER BY r.run_id""")).containsExactly(
                "1 retail SUCCEEDED c-retail", "2 default SUCCEEDED c-central");
    }

    private static Path configuration(String clusters) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "application-", ".yml"), """
                archiver:
                  api:
                    endpoint: %s
                    iam-endpoint: %s
                    max-attempts: 2
                  accounts:
                    - name: retail
                      access-key: ${RETAIL_AK}
                      secret-key: ${RETAIL_SK}
                    - name: payments
                      agency: {domain-name: payments, agency-name: archiver-read, duration: 15m}
                  clusters:
                %s""".formatted(simulator.endpoint(), simulator.endpoint(), clusters));
    }

    private static ArchiverProcess archive(Path config) {
        return ArchiverProcess.command("archive", "--spring.config.additional-location=" + config)
                .env("CLOUD_SDK_AK", CENTRAL_AK).env("CLOUD_SDK_SK", CENTRAL_SK)
                .env("RETAIL_AK", RETAIL_AK).env("RETAIL_SK", RETAIL_SK);
    }
}
