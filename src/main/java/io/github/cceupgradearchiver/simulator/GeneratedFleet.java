package io.github.cceupgradearchiver.simulator;

import io.github.cceupgradearchiver.simulator.UpgradeTaskList.Metadata;
import io.github.cceupgradearchiver.simulator.UpgradeTaskList.Spec;
import io.github.cceupgradearchiver.simulator.UpgradeTaskList.Status;
import io.github.cceupgradearchiver.simulator.UpgradeTaskList.Task;
import io.github.cceupgradearchiver.config.ClusterFamily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A deterministic synthetic fleet. Everything about cluster {@code i} is derived from (seed, i) when asked for, so a
 * fleet of 5,000 clusters with 200 tasks each costs only its cluster ids in memory: its tasks, and the evidence around
 * its newest upgrades ({@link GeneratedEvidence}).
 */
public final class GeneratedFleet implements Fleet {

    /** The documented example response, which cluster 0 serves so the demo shows it. */
    static final String EXAMPLE = readExample();
    private static final List<Task> EXAMPLE_TASKS = Json.MAPPER.readValue(EXAMPLE, UpgradeTaskList.class).items();

    // Histories end at a seed-derived instant rather than now, so output never depends on the clock. The earliest end
    // minus HISTORY still lies after the example tasks (2023-11-24), so cluster 0's generated tasks follow them.
    private static final Instant EARLIEST_END = Instant.parse("2025-12-01T00:00:00Z");
    private static final long END_SPREAD_SECONDS = Duration.ofDays(150).toSeconds();
    private static final long HISTORY_SECONDS = Duration.ofDays(730).toSeconds();
    private static final long MIN_DURATION_SECONDS = Duration.ofMinutes(2).toSeconds();
    private static final long MAX_DURATION_SECONDS = Duration.ofMinutes(40).toSeconds();
    private static final double RUNNING_CLUSTER_RATE = 0.10;
    private static final double FAILED_TASK_RATE = 0.05;

    private static final String[] ENVIRONMENTS = {"prod", "staging", "dev", "test", "perf"};
    private static final String[] TEAMS = {"payments", "orders", "search", "checkout", "ledger", "identity",
        "billing", "catalog", "shipping", "analytics"};

    // Salts keep the independent per-cluster draws apart.
    private static final long ID_SALT = 1;
    private static final long NAME_SALT = 2;
    private static final long HISTORY_SALT = 3;

    private final String projectId;
    private final int tasksPerCluster;
    private final long seed;
    private final long endSecond;
    private final List<String> clusterIds;
    private final Map<String, Integer> indexes = new HashMap<>();
    private final boolean bothFamilies;

    /** An Autopilot fleet. */
    public GeneratedFleet(String projectId, int clusters, int tasksPerCluster, long seed) {
        this(projectId, clusters, tasksPerCluster, seed, false);
    }

    /**
     * @param bothFamilies whether two clusters of every three are standard (or Turbo) clusters, served under {@code /api};
     *                     cluster 0 is always an Autopilot cluster
     */
    public GeneratedFleet(String projectId, int clusters, int tasksPerCluster, long seed, boolean bothFamilies) {
        this.bothFamilies = bothFamilies;
        if (clusters < 0 || tasksPerCluster < 0) {
            throw new IllegalArgumentException("clusters and tasksPerCluster must not be negative");
        }
        this.projectId = projectId;
        this.tasksPerCluster = tasksPerCluster;
        this.seed = seed;
        this.endSecond = EARLIEST_END.getEpochSecond() + Math.floorMod(Hash.of(seed), END_SPREAD_SECONDS);
        this.clusterIds = IntStream.range(0, clusters).mapToObj(this::clusterId).toList();
        for (int i = 0; i < clusters; i++) {
            indexes.put(clusterIds.get(i), i);
        }
    }

    @Override
    public List<SimulatedCluster> clusters(String projectId) {
        if (!this.projectId.equals(projectId)) {
            return List.of();
        }
        return IntStream.range(0, clusterIds.size())
                .mapToObj(i -> new SimulatedCluster(projectId, clusterIds.get(i), name(i), history(i).version().minorVersion(),
                        family(i)))
                .toList();
    }

    @Override
    public ClusterFamily family(String projectId, String clusterId) {
        Integer index = indexes.get(clusterId);
        return index == null ? ClusterFamily.AUTOPILOT : family(index);
    }

    private ClusterFamily family(int index) {
        return bothFamilies && index % 3 != 0 ? ClusterFamily.STANDARD : ClusterFamily.AUTOPILOT;
    }

    @Override
    public Optional<SimulatedResponse> evidence(String projectId, String clusterId, EvidenceCall call, int attempt) {
        Integer index = indexes.get(clusterId);
        if (index == null || !this.projectId.equals(projectId)) {
            return Optional.empty();
        }
        History history = history(index);
        GeneratedEvidence evidence = new GeneratedEvidence(seed, index, clusterId, history.steps().stream()
                .map(step -> new GeneratedEvidence.Upgrade(step.uid(), step.from().toString(), step.to().toString(),
                        step.phase(), step.created(), step.updated()))
                .toList());
        return Optional.of(SimulatedResponse.ok(switch (call) {
            case PRECHECK -> evidence.prechecks();
            case SNAPSHOT -> evidence.snapshots();
            case WORKFLOW -> evidence.workflows();
            case UPGRADE_INFO -> evidence.upgradeInfo(history.version().toString());
        }));
    }

    @Override
    public Optional<SimulatedResponse> upgradeTasks(String projectId, String clusterId, int attempt) {
        Integer index = indexes.get(clusterId);
        if (index == null || !this.projectId.equals(projectId)) {
            return Optional.empty();
        }
        return Optional.of(SimulatedResponse.ok(body(index)));
    }

    /** The cluster's task list, oldest first. */
    String body(int index) {
        if (index == 0 && tasksPerCluster == EXAMPLE_TASKS.size()) {
            return EXAMPLE;
        }
        History history = history(index);
        List<Task> tasks = Stream.concat(history.prefix().stream(), history.steps().stream().map(Step::task)).toList();
        return Json.write(new UpgradeTaskList(tasks));
    }

    private String clusterId(int index) {
        return uuid(Hash.of(seed, index, ID_SALT), Hash.of(seed, index, ID_SALT, 1));
    }

    private String name(int index) {
        long hash = Hash.of(seed, index, NAME_SALT);
        return "%s-%s-%03d".formatted(ENVIRONMENTS[(int) Math.floorMod(hash, (long) ENVIRONMENTS.length)],
                TEAMS[(int) Math.floorMod(hash >>> 32, (long) TEAMS.length)], index);
    }

    /**
     * The cluster's upgrade history: tasks in consecutive time slots from the cluster's first upgrade to the fleet's
     * end. Only successful tasks move the version on; the newest task of some clusters is still running.
     */
    private History history(int index) {
        SplittableRandom random = new SplittableRandom(Hash.of(seed, index, HISTORY_SALT));
        List<Task> prefix = index == 0 ? EXAMPLE_TASKS.subList(0, Math.min(tasksPerCluster, EXAMPLE_TASKS.size())) : List.of();
        Version version = prefix.isEmpty()
                ? new Version(25 + random.nextInt(4), random.nextInt(11), 0)
                : Version.parse(prefix.get(prefix.size() - 1).spec().targetVersion());
        int count = tasksPerCluster - prefix.size();
        boolean newestRunning = random.nextDouble() < RUNNING_CLUSTER_RATE;
        // Keeps long histories to a handful of minor upgrades, as real clusters have.
        double minorBumpChance = Math.min(0.5, 8.0 / Math.max(1, count));
        long startSecond = endSecond - HISTORY_SECONDS + random.nextLong(HISTORY_SECONDS / 2);
        long slotSeconds = (endSecond - startSecond) / Math.max(1, count);
        List<Step> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Version target = version.next(random, minorBumpChance);
            String phase = i == count - 1 && newestRunning ? "Running"
                    : random.nextDouble() < FAILED_TASK_RATE ? "Failed" : "Success";
            // Whole seconds strictly inside the bounds, so the independent fractions cannot push it outside.
            long duration = random.nextLong(MIN_DURATION_SECONDS + 1, MAX_DURATION_SECONDS);
            long created = startSecond + i * slotSeconds + random.nextLong(Math.max(1, slotSeconds - duration));
            long updated = phase.equals("Running") ? created + random.nextLong(1, duration) : created + duration;
            int progress = switch (phase) {
                case "Success" -> 100;
                case "Running" -> random.nextInt(1, 100);
                default -> random.nextInt(5, 96);
            };
            steps.add(new Step(uuid(random.nextLong(), random.nextLong()), version, target, phase, progress,
                    withFraction(created, random), withFraction(updated, random)));
            if (phase.equals("Success")) {
                version = target;
            }
        }
        return new History(prefix, steps, version);
    }

    /** Real timestamps carry up to nanosecond precision; pick 1–9 significant fraction digits. */
    private static Instant withFraction(long epochSecond, SplittableRandom random) {
        int digits = random.nextInt(1, 10);
        long scale = (long) Math.pow(10, 9 - digits);
        long significant = random.nextLong((long) Math.pow(10, digits - 1)) * 10 + random.nextInt(1, 10);
        return Instant.ofEpochSecond(epochSecond, significant * scale);
    }

    private static String uuid(long high, long low) {
        // Version 4 and IETF variant bits, so the ids look like the UUIDs CCE issues.
        return new UUID((high & ~0xF000L) | 0x4000L, (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private static String readExample() {
        try (InputStream in = GeneratedFleet.class.getResourceAsStream("/simulator/example-upgrade-tasks.json")) {
            if (in == null) {
                throw new IllegalStateException("simulator/example-upgrade-tasks.json is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tasks kept as instants so that listing clusters, which needs only the final version, formats nothing. */
    private record Step(String uid, Version from, Version to, String phase, int progress, Instant created,
            Instant updated) {

        Task task() {
            String update = GoTime.format(updated);
            return new Task(new Metadata(uid, GoTime.format(created), update), new Spec(from.toString(), to.toString()),
                    new Status(phase, Integer.toString(progress), phase.equals("Running") ? "" : update));
        }
    }

    private record History(List<Task> prefix, List<Step> steps, Version version) {}
}
