package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.GeneratedFleet;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs the built-in stand-in of the CCE Autopilot API until interrupted (Ctrl-C, SIGTERM).",
                "It verifies AK/SK signatures (SDK-HMAC-SHA256) like the real gateway and serves a deterministic",
                "fleet: the clusters list and each cluster's upgrade tasks, with timestamps as the real API writes them.",
                "The AK/SK it accepts are CLOUD_SDK_AK/CLOUD_SDK_SK when set, else --ak/--sk."},
        footer = {"", "Exit codes: 1 failed (the port is taken), 2 bad usage; stopped by Ctrl-C or SIGTERM it exits as",
                "any JVM does (130, 143)."})
final class SimulateCommand implements Callable<Integer> {

    static final String DEFAULT_PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8099", description = "port on 127.0.0.1 (0 picks a free one; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--clusters", defaultValue = "20", description = "clusters in the fleet (default ${DEFAULT-VALUE})")
    int clusters;

    @Option(names = "--tasks", defaultValue = "12", description = "upgrade tasks per cluster (default ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--seed", defaultValue = "1", description = "fleet seed: the same seed serves the same fleet (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--project-id", defaultValue = DEFAULT_PROJECT, description = "project the fleet belongs to (default ${DEFAULT-VALUE})")
    String projectId;

    @Option(names = "--latency-ms", defaultValue = "0", description = "the least time every answer takes from the request's arrival, the simulator's own work included (default ${DEFAULT-VALUE})")
    int latencyMs;

    @Option(names = "--error-rate", defaultValue = "0", description = "fraction of task-list requests answered 503")
    double errorRate;

    @Option(names = "--throttle-rate", defaultValue = "0", description = "fraction answered 429 with Retry-After")
    double throttleRate;

    @Option(names = "--retry-after", defaultValue = "1", description = "Retry-After seconds of a 429 (default ${DEFAULT-VALUE})")
    int retryAfterSeconds;

    @Option(names = "--garbage-rate", defaultValue = "0", description = "fraction of items with an unparseable timestamp")
    double garbageRate;

    @Option(names = "--ak", defaultValue = "demo-ak", description = "access key accepted when CLOUD_SDK_AK is not set")
    String ak;

    @Option(names = "--sk", defaultValue = "demo-sk", description = "secret key accepted when CLOUD_SDK_SK is not set")
    String sk;

    @Override
    public Integer call() throws InterruptedException {
        if (clusters < 0 || tasks < 0 || latencyMs < 0) {
            throw new ParameterException(spec.commandLine(), "--clusters, --tasks and --latency-ms must not be negative");
        }
        String accessKey = System.getenv().getOrDefault("CLOUD_SDK_AK", ak);
        String secretKey = System.getenv().getOrDefault("CLOUD_SDK_SK", sk);
        FaultOptions faults;
        SimulatorOptions options;
        try {
            faults = new FaultOptions(errorRate, throttleRate, retryAfterSeconds, garbageRate);
            options = new SimulatorOptions(port, Map.of(accessKey, secretKey), Duration.ofMillis(latencyMs), faults);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (CceApiSimulator simulator = CceApiSimulator.start(new GeneratedFleet(projectId, clusters, tasks, seed, true), options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                simulator.close();
                stopped.countDown();
            }));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("CCE Autopilot API simulator listening on %s: project %s, %d clusters x %d tasks, seed %d%n",
                    simulator.endpoint(), projectId, clusters, tasks, seed);
            out.printf("Archive it with discovery:%n  CLOUD_SDK_AK=%s CLOUD_SDK_SK=... java -jar target/cce-upgrade-archiver.jar archive "
                            + "--archiver.api.endpoint=%s --archiver.discovery[0].project-id=%s --archiver.discovery[0].region=cn-north-4%n",
                    accessKey, simulator.endpoint(), projectId);
            out.flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
