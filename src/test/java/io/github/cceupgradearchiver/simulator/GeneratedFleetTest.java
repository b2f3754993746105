package io.github.cceupgradearchiver.simulator;

import io.github.cceupgradearchiver.cce.ApiTimestamps;
import io.github.cceupgradearchiver.cce.ParseResult;
import io.github.cceupgradearchiver.config.ClusterFamily;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GeneratedFleetTest {

    private static final String PROJECT = "project-1";
    // Go's time.String(): the fraction has 1–9 digits, never a trailing zero, and is absent when zero.
    private static final Pattern GO_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{0,8}[1-9])? \\+0800 CST");
    // The archiver's own parser: what the simulator writes is what the archive must read.
    private static final ApiTimestamps TIMESTAMPS = new ApiTimestamps(ZoneOffset.UTC);

    @Test
    void sameSeedGivesIdenticalOutput() {
        GeneratedFleet one = new GeneratedFleet(PROJECT, 20, 30, 99);
        GeneratedFleet two = new GeneratedFleet(PROJECT, 20, 30, 99);
        GeneratedFleet other = new GeneratedFleet(PROJECT, 20, 30, 100);

        assertThat(two.clusters(PROJECT)).isEqualTo(one.clusters(PROJECT));
        for (int i = 0; i < 20; i++) {
            assertThat(two.body(i)).isEqualTo(one.body(i));
            assertThat(other.body(i)).isNotEqualTo(one.body(i));
        }
        assertThat(other.clusters(PROJECT)).doesNotContainAnyElementsOf(one.clusters(PROJECT));
    }

    @Test
    void clusterZeroServesTheDocumentedExampleVerbatim() {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 3, 2, 5);
        String clusterId = fleet.clusters(PROJECT).get(0).clusterId();

        assertThat(fleet.upgradeTasks(PROJECT, clusterId, 1))
                .hasValueSatisfying(response -> {
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo(GeneratedFleet.EXAMPLE);
                });
        assertThat(GeneratedFleet.EXAMPLE).contains("\"uid\":\"f40cafed-7bf1-4c3b-b619-80113b4bbb18\"");
        assertThat(fleet.body(1)).isNotEqualTo(GeneratedFleet.EXAMPLE);
    }

    @Test
    void withMoreTasksTheExampleTasksAreClusterZerosOldest() {
        List<JsonNode> items = items(new GeneratedFleet(PROJECT, 1, 6, 5).body(0));
        List<JsonNode> example = items(GeneratedFleet.EXAMPLE);

        assertThat(items).hasSize(6);
        assertThat(items.subList(0, 2)).isEqualTo(example);
        assertThat(items.get(2).at("/spec/version").asString()).isEqualTo("v1.23.8-r10");
        assertThat(instant(items.get(2).at("/metadata/creationTimestamp").asString()))
                .isAfter(instant(example.get(1).at("/status/completionTime").asString()));
    }

    @Test
    void versionPathsMoveOnlyWithSuccessfulUpgrades() {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 200, 60, 3);
        List<SimulatedCluster> clusters = fleet.clusters(PROJECT);

        for (int i = 1; i < clusters.size(); i++) {
            List<JsonNode> items = items(fleet.body(i));
            Version current = Version.parse(items.get(0).at("/spec/version").asString());
            assertThat(current.minor()).isBetween(25, 28);
            assertThat(current.release()).isZero();
            for (JsonNode item : items) {
                Version from = Version.parse(item.at("/spec/version").asString());
                Version to = Version.parse(item.at("/spec/targetVersion").asString());
                assertThat(from).isEqualTo(current);
                assertThat(isNewer(to, from)).as("%s -> %s", from, to).isTrue();
                assertThat(to.minor() - from.minor()).isBetween(0, 2);
                if (item.at("/status/phase").asString().equals("Success")) {
                    current = to;
                }
            }
            assertThat(clusters.get(i).version()).isEqualTo(current.minorVersion());
        }
    }

    @Test
    void phasesAndTimestampsLookLikeTheRealApi() {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 1000, 20, 11);
        int running = 0;
        int failed = 0;
        int tasks = 0;
        Map<Integer, Integer> fractionDigits = new TreeMap<>();
        Instant earliest = Instant.MAX;
        Instant latest = Instant.MIN;
        for (int i = 1; i < 1000; i++) {
            List<JsonNode> items = items(fleet.body(i));
            Instant previous = Instant.MIN;
            for (int t = 0; t < items.size(); t++) {
                JsonNode item = items.get(t);
                String created = item.at("/metadata/creationTimestamp").asString();
                String updated = item.at("/metadata/updateTimestamp").asString();
                String completed = item.at("/status/completionTime").asString();
                String phase = item.at("/status/phase").asString();
                assertThat(List.of(created, updated)).allMatch(text -> GO_TIME.matcher(text).matches());
                assertThat(item.at("/metadata/uid").asString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
                fractionDigits.merge(created.indexOf(' ', 11) - created.indexOf('.') - 1, 1, Integer::sum);
                Instant start = instant(created);
                Instant end = instant(updated);
                assertThat(start).isAfter(previous);
                assertThat(Duration.between(start, end)).isBetween(Duration.ZERO, Duration.ofMinutes(40));
                if (phase.equals("Running")) {
                    running++;
                    assertThat(t).isEqualTo(items.size() - 1);
                    assertThat(completed).isEmpty();
                    assertThat(Integer.parseInt(item.at("/status/progress").asString())).isBetween(1, 99);
                } else {
                    assertThat(phase).isIn("Success", "Failed");
                    assertThat(completed).isEqualTo(updated);
                    assertThat(Duration.between(start, end)).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(40));
                    failed += phase.equals("Failed") ? 1 : 0;
                }
                previous = end;
                earliest = earliest.isBefore(start) ? earliest : start;
                latest = latest.isAfter(end) ? latest : end;
                tasks++;
            }
        }

        assertThat(running).isBetween(70, 130);
        assertThat((double) failed / tasks).isBetween(0.03, 0.07);
        assertThat(fractionDigits.keySet()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Duration.between(earliest, latest)).isBetween(Duration.ofDays(600), Duration.ofDays(730));
        assertThat(latest).isBefore(Instant.parse("2026-05-01T00:00:00Z"));
    }

    @Test
    void namesAndIdsAreStableAndUnique() {
        List<SimulatedCluster> clusters = new GeneratedFleet(PROJECT, 1500, 1, 8).clusters(PROJECT);

        assertThat(clusters).extracting(SimulatedCluster::clusterId).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertThat(clusters).extracting(SimulatedCluster::name).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("(prod|staging|dev|test|perf)-[a-z]+-\\d{3,4}"));
        assertThat(clusters.get(7).name()).endsWith("-007");
        assertThat(clusters).allMatch(cluster -> cluster.projectId().equals(PROJECT) && cluster.version().matches("v1\\.\\d+"));
    }

    @Test
    void answersOnlyForItsProjectAndClusters() {
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 2, 3, 1);
        String clusterId = fleet.clusters(PROJECT).get(1).clusterId();

        assertThat(fleet.clusters("other")).isEmpty();
        assertThat(fleet.upgradeTasks("other", clusterId, 1)).isEmpty();
        assertThat(fleet.upgradeTasks(PROJECT, "unknown", 1)).isEmpty();
        assertThat(fleet.upgradeTasks(PROJECT, clusterId, 1)).isPresent();
    }

    @Test
    void producesALargeFleetsBodiesOnDemandQuickly() {
        long started = System.nanoTime();
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 1000, 200, 17);
        List<String> bodies = IntStream.of(999, 500, 1).mapToObj(fleet::body).toList();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(bodies).allSatisfy(body -> assertThat(items(body)).hasSize(200));
        assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
    }

    private static boolean isNewer(Version to, Version from) {
        return to.minor() != from.minor() ? to.minor() > from.minor()
                : to.patch() != from.patch() ? to.patch() > from.patch() : to.release() > from.release();
    }

    private static List<JsonNode> items(String body) {
        return new ArrayList<>(Json.MAPPER.readTree(body).path("items").values());
    }

    private static Instant instant(String goTime) {
        return ((ParseResult.Parsed<Instant>) TIMESTAMPS.parse(goTime)).value();
    }

    @Test
    void servesBothFamiliesAndEvidenceLinkedToTheUpgradesItServes() {
        // given
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 30, 12, 5, true);
        int withoutSnapshot = 0;
        int skipped = 0;
        int arrays = 0;
        int objects = 0;

        for (SimulatedCluster cluster : fleet.clusters(PROJECT)) {
            String id = cluster.clusterId();
            assertThat(fleet.family(PROJECT, id)).isEqualTo(cluster.family());
            Map<String, JsonNode> tasks = new TreeMap<>();
            Json.MAPPER.readTree(fleet.upgradeTasks(PROJECT, id, 1).orElseThrow().body()).path("items")
                    .forEach(task -> tasks.put(task.path("metadata").path("uid").asString(), task));
            Map<String, JsonNode> prechecks = byUid(evidence(fleet, id, EvidenceCall.PRECHECK).path("items"));
            Map<String, JsonNode> snapshots = byUid(evidence(fleet, id, EvidenceCall.SNAPSHOT).path("items"));
            JsonNode workflows = evidence(fleet, id, EvidenceCall.WORKFLOW).path("items");
            if (workflows.isArray()) {
                arrays++;
            } else {
                objects++;
            }
            for (JsonNode workflow : workflows.isArray() ? workflows : List.of(workflows)) {
                // then: every step a workflow names is there, for the upgrade it names
                Map<String, String> steps = new TreeMap<>();
                workflow.path("status").path("pointStatuses").forEach(point ->
                        steps.put(point.path("taskType").asString(), point.path("taskID").asString()));
                JsonNode task = tasks.get(steps.get("Cluster"));
                assertThat(task).as("the workflow's upgrade task").isNotNull();
                if (steps.containsKey("PreCheck")) {
                    assertThat(prechecks.get(steps.get("PreCheck")).path("spec").path("targetVersion"))
                            .isEqualTo(task.path("spec").path("targetVersion"));
                }
                withoutSnapshot += steps.containsKey("Snapshot") ? 0 : 1;
                if (steps.containsKey("Snapshot")) {
                    assertThat(snapshots).containsKey(steps.get("Snapshot"));
                }
            }
            skipped += (int) prechecks.values().stream()
                    .filter(precheck -> !precheck.path("spec").path("skippedCheckItemList").isEmpty()).count();
            assertThat(evidence(fleet, id, EvidenceCall.UPGRADE_INFO).path("spec").path("versionInfo").path("release").asString())
                    .isEqualTo(cluster.version());
        }

        assertThat(fleet.clusters(PROJECT)).extracting(SimulatedCluster::family)
                .contains(ClusterFamily.AUTOPILOT, ClusterFamily.STANDARD);
        assertThat(withoutSnapshot).as("upgrades whose workflow made no snapshot").isPositive();
        assertThat(skipped).as("pre-checks with skipped checks").isPositive();
        assertThat(arrays).isPositive();
        assertThat(objects).isPositive();
    }

    private static JsonNode evidence(GeneratedFleet fleet, String clusterId, EvidenceCall call) {
        return Json.MAPPER.readTree(fleet.evidence(PROJECT, clusterId, call, 1).orElseThrow().body());
    }

    private static Map<String, JsonNode> byUid(JsonNode items) {
        Map<String, JsonNode> byUid = new TreeMap<>();
        items.forEach(item -> byUid.put(item.path("metadata").path("uid").asString(), item));
        return byUid;
    }
}
