package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.Fleet;
import io.github.cceupgradearchiver.simulator.GeneratedFleet;
import io.github.cceupgradearchiver.simulator.ProjectFleets;
import io.github.cceupgradearchiver.simulator.SimulatedAccount;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                "The AK/SK it accepts are CLOUD_SDK_AK/CLOUD_SDK_SK when set, else --ak/--sk (account \"default\",",
                "every project). --account and --agency add accounts that read only their own projects; IAM's",
                "assume-role (POST /v3.0/OS-CREDENTIAL/securitytokens) issues an agency's temporary keys."},
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

    @Option(names = "--account", paramLabel = "NAME=AK:SK:PROJECT[,PROJECT...]",
            description = "an account with keys of its own that read only these projects (each a fleet of --clusters)")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--agency", paramLabel = "NAME=AGENCY:TRUSTED:PROJECT[,PROJECT...]",
            description = "an account without keys whose agency AGENCY the account TRUSTED (or default) may assume")
    List<String> agencies = new ArrayList<>();

    @Option(names = "--keys-lifetime", defaultValue = "PT1H",
            description = "the longest an agency's temporary keys hold (ISO-8601, default ${DEFAULT-VALUE})")
    Duration keysLifetime;

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
            options = new SimulatorOptions(port, Map.of(accessKey, secretKey), Duration.ofMillis(latencyMs), faults)
                    .withAccounts(simulatedAccounts(), keysLifetime);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<String, Fleet> fleets = new LinkedHashMap<>();
        fleets.put(projectId, new GeneratedFleet(projectId, clusters, tasks, seed, true));
        options.accounts().forEach(account -> account.projects().forEach(project ->
                fleets.putIfAbsent(project, new GeneratedFleet(project, clusters, tasks, seed + fleets.size(), true))));
        CountDownLatch stopped = new CountDownLatch(1);
        try (CceApiSimulator simulator = CceApiSimulator.start(new ProjectFleets(fleets), options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                simulator.close();
                stopped.countDown();
            }));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("CCE Autopilot API simulator listening on %s: project %s, %d clusters x %d tasks, seed %d%n",
                    simulator.endpoint(), projectId, clusters, tasks, seed);
            options.accounts().forEach(account -> out.printf("account %s reads %s%s%n", account.domain(),
                    String.join(", ", account.projects()), account.agencies().isEmpty() ? " with its own keys"
                            : " through agency " + String.join(", ", account.agencies().keySet()) + " (iam-endpoint "
                            + simulator.endpoint() + ")"));
            out.printf("Archive it with discovery:%n  CLOUD_SDK_AK=%s CLOUD_SDK_SK=... java -jar target/cce-upgrade-archiver.jar archive "
                            + "--archiver.api.endpoint=%s --archiver.discovery[0].project-id=%s --archiver.discovery[0].region=cn-north-4%n",
                    accessKey, simulator.endpoint(), projectId);
            out.flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }

    /** --account NAME=AK:SK:PROJECTS and --agency NAME=AGENCY:TRUSTED:PROJECTS. */
    private List<SimulatedAccount> simulatedAccounts() {
        List<SimulatedAccount> all = new ArrayList<>();
        for (String account : accounts) {
            String[] parts = definition("--account", account);
            all.add(SimulatedAccount.withKeys(parts[0], parts[1], parts[2], projects(parts[3])));
        }
        for (String agency : agencies) {
            String[] parts = definition("--agency", agency);
            all.add(new SimulatedAccount(parts[0], null, null, projects(parts[3]), Map.of()).withAgency(parts[1], parts[2]));
        }
        return all;
    }

    private String[] definition(String option, String value) {
        String[] parts = value.split("[=:]", 4);
        if (parts.length != 4 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": expected NAME=A:B:PROJECT[,PROJECT...]");
        }
        return parts;
    }

    private static Set<String> projects(String list) {
        return Set.of(list.split(","));
    }
}
