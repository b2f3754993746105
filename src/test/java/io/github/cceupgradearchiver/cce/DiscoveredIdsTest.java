package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.config.ClusterFamily;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * Discovered clusters that cannot be fetched are recorded under the id shown for them ({@code cluster_fetch}'s key
 * within a run): over real HTTP, every such cluster gets an id of its own, whatever its listing looks like.
 */
class DiscoveredIdsTest {

    private static final String A = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String B = "1b2c3d4e5f60718293a4b5c6d7e8f900";
    private static final String PREFIX = "x".repeat(80);

    private CceApiSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void everyInvalidDiscoveredClusterHasAShownIdOfItsOwn() {
        // given: in each project, a uid-less item 1; in project A, two ids alike in their first 80 characters
        // and of the same length, and two that differ only in control characters
        String noUid = "{\"metadata\":{\"name\":\"anonymous\"}}";
        simulator = CceApiSimulator.start(ScriptedFleet.builder()
                        .clustersList(A, SimulatedResponse.ok(list(noUid, item(PREFIX + "-one"), item(PREFIX + "-two"),
                                item("a\\u0001"), item("a\\u0002"))))
                        .clustersList(B, SimulatedResponse.ok(list(noUid)))
                        .build(),
                new SimulatorOptions(0, Map.of("D-AK", "D-SK"), Duration.ZERO, FaultOptions.none()));
        CceApi api = api();

        // when
        List<String> shown = new ArrayList<>();
        for (String project : List.of(A, B)) {
            var discovered = (ApiResult.Answered<DiscoveredClusters>) api.discover(project, "cn-north-4", ClusterFamily.AUTOPILOT,
                    Accounts.DEFAULT);
            discovered.answer().invalid().forEach(cluster -> shown.add(cluster.shownId()));
        }

        // then
        assertThat(shown).hasSize(6).doesNotHaveDuplicates();
        assertThat(shown.get(0)).isEqualTo("(autopilot clusters of project " + A + " in cn-north-4: no metadata.uid, item 1)");
        assertThat(shown.get(1)).startsWith(PREFIX + "… (4 more characters) #").hasSize(PREFIX.length() + "… (4 more characters) #".length() + 12);
        assertThat(shown.get(3)).matches("a\\\\u0001 #[0-9a-f]{12}");
    }

    private static String item(String id) {
        return "{\"metadata\":{\"uid\":\"" + id + "\",\"name\":\"n\"}}";
    }

    private static String list(String... items) {
        return "{\"kind\":\"List\",\"items\":[" + String.join(",", items) + "]}";
    }

    private CceApi api() {
        var properties = new ApiProperties(simulator.endpoint(), null, null, null, 2, 100, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMinutes(1), DataSize.ofMegabytes(1), Duration.ofMillis(10),
                Duration.ofSeconds(1));
        var environment = new MockEnvironment().withProperty("CLOUD_SDK_AK", "D-AK").withProperty("CLOUD_SDK_SK", "D-SK");
        return TestApis.cceApi(properties, List.of(), environment);
    }
}
