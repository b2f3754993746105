package io.github.cceupgradearchiver.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.config.ClusterFamily;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several accounts' projects behind one simulator: each project's fleet answers for its clusters, whatever is asked. */
class ProjectFleetsTest {

    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @Test
    void everyQuestionAFleetAnswersIsPassedToTheProjectsFleet() {
        // a default method left to the interface would answer for every project as a fleet that knows nothing
        assertThat(Arrays.stream(Fleet.class.getMethods()).map(Method::getName))
                .allSatisfy(name -> assertThat(Arrays.stream(ProjectFleets.class.getDeclaredMethods()).map(Method::getName))
                        .as("ProjectFleets passes %s on", name).contains(name));
    }

    @Test
    void aStandardClusterOfAProjectIsServedAsStandardWithItsEvidence() {
        // given: a fleet of both families
        GeneratedFleet generated = new GeneratedFleet(PROJECT, 3, 4, 1, true);
        ProjectFleets fleets = new ProjectFleets(Map.of(PROJECT, generated));

        // then: each cluster's family and evidence are its fleet's
        for (SimulatedCluster cluster : generated.clusters(PROJECT)) {
            assertThat(fleets.family(PROJECT, cluster.clusterId())).isEqualTo(cluster.family());
            for (EvidenceCall call : EvidenceCall.values()) {
                assertThat(fleets.evidence(PROJECT, cluster.clusterId(), call, 1))
                        .isEqualTo(generated.evidence(PROJECT, cluster.clusterId(), call, 1));
            }
        }
        assertThat(generated.clusters(PROJECT)).extracting(SimulatedCluster::family).contains(ClusterFamily.STANDARD);
    }
}
