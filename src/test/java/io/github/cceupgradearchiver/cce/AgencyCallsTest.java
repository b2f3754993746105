package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.config.ArchiverProperties.AccountProperties;
import io.github.cceupgradearchiver.config.ArchiverProperties.AgencyProperties;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.RequestLog;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedAccount;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/** An account reached through an IAM agency, against the simulator's IAM: keys asked for once, and renewed in time. */
class AgencyCallsTest {

    private static final String SOURCE_PROJECT = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c";
    private static final String TARGET_PROJECT = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";

    private final RequestLog requests = new RequestLog();
    private CceApiSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void anAgencyAccountReadsItsProjectWithTemporaryKeysAskedForOnce() {
        // given
        CceApi api = apiFor(Duration.ofHours(1), "central");

        // when
        ApiResult<ApiAnswer> first = api.upgradeTasks(new ClusterRef(TARGET_PROJECT, "cn-north-4", "c1", null, "payments"));
        ApiResult<ApiAnswer> second = api.upgradeTasks(new ClusterRef(TARGET_PROJECT, "cn-north-4", "c1", null, "payments"));

        // then
        assertThat(first).as(String.valueOf(first)).isInstanceOf(ApiResult.Answered.class);
        assertThat(second).isInstanceOf(ApiResult.Answered.class);
        assertThat(requests.paths()).filteredOn(path -> path.equals("/v3.0/OS-CREDENTIAL/securitytokens")).hasSize(1);
        assertThat(simulator.issuedTemporaryKeys()).hasSize(3);
    }

    @Test
    void keysAboutToExpireAreRenewedBeforeTheNextCall() {
        // given: IAM issues keys that hold one second, well within the renewal margin
        CceApi api = apiFor(Duration.ofSeconds(1), "central");

        // when
        var first = api.upgradeTasks(new ClusterRef(TARGET_PROJECT, "cn-north-4", "c1", null, "payments"));
        var second = api.upgradeTasks(new ClusterRef(TARGET_PROJECT, "cn-north-4", "c1", null, "payments"));

        // then
        assertThat(first).isInstanceOf(ApiResult.Answered.class);
        assertThat(second).isInstanceOf(ApiResult.Answered.class);
        assertThat(simulator.issuedTemporaryKeys()).hasSize(6);
    }

    @Test
    void anAgencyThatDoesNotTrustTheSourceFailsItsClustersAsForbidden() {
        // given: the agency trusts "retail", but the default keys are central's
        CceApi api = apiFor(Duration.ofHours(1), "retail");

        // when
        ApiResult<ApiAnswer> result = api.upgradeTasks(new ClusterRef(TARGET_PROJECT, "cn-north-4", "c1", null, "payments"));

        // then
        assertThat(result).isInstanceOf(ApiResult.Failed.class);
        ApiFailure failure = ((ApiResult.Failed<ApiAnswer>) result).failure();
        assertThat(failure.kind()).isEqualTo(FailureClass.FORBIDDEN);
        assertThat(failure.message()).contains("account payments", "agency archiver-read");
        assertThat(requests.paths()).doesNotContain("/autopilot/v3/projects/" + TARGET_PROJECT + "/clusters/c1/operation/upgrade/tasks");
    }

    private CceApi apiFor(Duration keysLifetime, String trusted) {
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(TARGET_PROJECT, "c1", "pay", SimulatedResponse.ok(Fixtures.exampleUpgradeTasks())).build(),
                new SimulatorOptions(0, Map.of(), Duration.ZERO, FaultOptions.none()).withAccounts(List.of(
                        SimulatedAccount.withKeys("central", "CEN-AK", "CEN-SK", Set.of(SOURCE_PROJECT)),
                        new SimulatedAccount("payments", null, null, Set.of(TARGET_PROJECT), Map.of())
                                .withAgency("archiver-read", trusted)), keysLifetime), requests);
        var properties = new ApiProperties(simulator.endpoint(), simulator.endpoint(), null, null, 2, 100, 1,
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), DataSize.ofMegabytes(1),
                Duration.ofMillis(10), Duration.ofSeconds(1));
        var agency = new AccountProperties("payments", null, null, null,
                new AgencyProperties("payments", null, "archiver-read", null, Duration.ofHours(1)), null);
        var environment = new MockEnvironment().withProperty("CLOUD_SDK_AK", "CEN-AK").withProperty("CLOUD_SDK_SK", "CEN-SK");
        return TestApis.cceApi(properties, List.of(agency), environment);
    }
}
