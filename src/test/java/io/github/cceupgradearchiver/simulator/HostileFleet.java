package io.github.cceupgradearchiver.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in fleet of issue #11's "done when": one poisoned item of each kind beside good ones, hostile bodies
 * (200 MB, a gzip bomb, a drip, NULs in error bodies), hostile discovered ids, one cluster id under two projects, and
 * a task seen once with a far-future timestamp (its real state comes with the second request). The fault suite runs
 * the jar against it; {@link #main} serves it for a run by hand:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.github.cceupgradearchiver.simulator.HostileFleet 8123
 * </pre>
 */
public final class HostileFleet {

    public static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public static final String DISCOVERED = "1b2c3d4e5f60718293a4b5c6d7e8f900";
    public static final String OTHER = "2c3d4e5f60718293a4b5c6d7e8f90011";
    public static final String LONG_ID = incompressible(10_000, 1);
    public static final List<String> CONFIGURED =
            List.of("c-good", "c-poison", "c-future", "c-huge", "c-bomb", "c-drip", "c-nul500", "c-nul403");

    private static final String LONG_UID = incompressible(10_000, 2);

    private HostileFleet() {
    }

    /** The fleet; {@code hugeSent} counts what the 200 MB body really sent. */
    public static ScriptedFleet fleet(AtomicLong hugeSent) {
        return ScriptedFleet.builder()
                .cluster(PROJECT, "c-good", "good", SimulatedResponse.ok(body(item("g-1", "2024-05-01 09:00:00 +0800 CST",
                        "2024-05-01 09:10:00 +0800 CST", "2024-05-01 09:10:00 +0800 CST"))))
                .cluster(PROJECT, "c-poison", "poisoned", SimulatedResponse.ok(poisonedBody()))
                .cluster(PROJECT, "c-future", "future", SimulatedResponse.ok(body(item("f-1", "2024-05-01 09:00:00 +0800 CST",
                                "9999-01-01 00:00:00 +0000 UTC", ""))),
                        SimulatedResponse.ok(body(item("f-1", "2024-05-01 09:00:00 +0800 CST",
                                "2024-05-01 09:30:00 +0800 CST", "2024-05-01 09:30:00 +0800 CST"))))
                .cluster(PROJECT, "c-huge", "huge", HostileResponses.huge(200L << 20, hugeSent))
                .cluster(PROJECT, "c-bomb", "bomb", HostileResponses.gzipBomb())
                .cluster(PROJECT, "c-drip", "drip", HostileResponses.drip(Duration.ofMillis(100), 3_000))
                .cluster(PROJECT, "c-nul500", "nul500", HostileResponses.errorWithNuls(5_000_000))
                .cluster(PROJECT, "c-nul403", "nul403", HostileResponses.rawNulsInError())
                .cluster(DISCOVERED, "d-ok", "discovered-ok", SimulatedResponse.ok(body(item("d-1",
                        "2024-05-01 09:00:00 +0800 CST", "2024-05-01 09:10:00 +0800 CST", ""))))
                .listed(DISCOVERED, "../../../../v3/projects/x", "traversal")
                .listed(DISCOVERED, "a,b", "comma")
                .listed(DISCOVERED, "{project_id}", "template")
                .listed(DISCOVERED, "x?y#z", "query")
                .listed(DISCOVERED, LONG_ID, "long")
                .listed(DISCOVERED, "d-badname", "evil\n2099-01-01T00:00:00Z INFO forged\u001b[31m")
                .listed(DISCOVERED, "c-shared", "shared")
                .listed(OTHER, "c-shared", "shared-too")
                .build();
    }

    /** The archive command's arguments for the fleet at {@code endpoint}: its clusters, its projects, tight bounds. */
    public static List<String> arguments(String endpoint) {
        List<String> arguments = new ArrayList<>(List.of("--archiver.api.endpoint=" + endpoint,
                "--archiver.api.call-timeout=10s", "--archiver.api.max-attempts=2",
                "--archiver.api.initial-backoff=10ms", "--archiver.api.concurrency=4",
                "--archiver.discovery[0].project-id=" + DISCOVERED, "--archiver.discovery[0].region=cn-north-4",
                "--archiver.discovery[1].project-id=" + OTHER, "--archiver.discovery[1].region=cn-north-4"));
        for (int i = 0; i < CONFIGURED.size(); i++) {
            arguments.addAll(List.of("--archiver.clusters[" + i + "].project-id=" + PROJECT,
                    "--archiver.clusters[" + i + "].region=cn-north-4", "--archiver.clusters[" + i + "].cluster-id=" + CONFIGURED.get(i)));
        }
        return arguments;
    }

    /** Serves the fleet on the port given (AK/SK: hostile-ak/hostile-sk) until interrupted, and prints how to archive it. */
    public static void main(String[] args) throws InterruptedException {
        AtomicLong hugeSent = new AtomicLong();
        try (CceApiSimulator simulator = CceApiSimulator.start(fleet(hugeSent), new SimulatorOptions(
                Integer.parseInt(args.length == 0 ? "8123" : args[0]), Map.of("hostile-ak", "hostile-sk"), Duration.ZERO,
                FaultOptions.none()))) {
            System.out.println("hostile fleet on " + simulator.endpoint() + "; archive it with:");
            System.out.println("CLOUD_SDK_AK=hostile-ak CLOUD_SDK_SK=hostile-sk java -Xmx256m -jar target/cce-upgrade-archiver.jar "
                    + "archive " + String.join(" ", arguments(simulator.endpoint())));
            new CountDownLatch(1).await();
        }
    }

    /** Good items beside one poisoned item of each kind the issue names. */
    private static String poisonedBody() {
        return body(
                item("good-1", "2024-05-01 09:00:00 +0800 CST", "2024-05-01 09:10:00 +0800 CST", "2024-05-01 09:10:00 +0800 CST"),
                item("good-2", "2024-05-01 09:00:00 +0800 CST", "2024-05-01 09:10:00 +0800 CST", ""),
                item("p-1700", "1700-01-01 00:00:00 +0000 UTC", "2024-01-01 00:00:00 +0000 UTC", "2024-01-01 00:00:00 +0000 UTC"),
                item("p-year0", "0000-06-01 00:00:00 +0000 UTC", "", ""),
                item("p-year10000", "2024-05-01 09:00:00 +0800 CST", "", "9999-12-31 23:00:00 -0200 X"),
                item("p-nul\\u0000", "2024-05-01 09:00:00 +0800 CST", "", ""),
                item(LONG_UID, "2024-05-01 09:00:00 +0800 CST", "", ""),
                item("p-future", "2024-05-01 09:00:00 +0800 CST", "9999-01-01 00:00:00 +0000 UTC", ""),
                item("p-number", "2024-05-01 09:00:00 +0800 CST", "", "").replace("\"phase\":\"Running\"",
                        "\"phase\":\"Running\",\"progress\":1e999999999"));
    }

    private static String body(String... items) {
        return "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":[" + String.join(",", items) + "]}";
    }

    private static String item(String uid, String created, String updated, String completed) {
        return """
                {"kind":"UpgradeTask","apiVersion":"v3","metadata":{"uid":"%s","creationTimestamp":"%s","updateTimestamp":"%s"},\
                "spec":{"version":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},\
                "status":{"phase":"%s","completionTime":"%s"}}""".formatted(uid, created, updated,
                completed.isEmpty() ? "Running" : "Success", completed);
    }

    // letters and digits in no pattern PostgreSQL could compress into an index row
    private static String incompressible(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        return text.toString();
    }
}
