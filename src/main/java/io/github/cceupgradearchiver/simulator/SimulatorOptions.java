package io.github.cceupgradearchiver.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the simulator listens and behaves; {@code port} 0 picks a free port, {@code credentials} maps AK to SK of keys
 * that may read every project, {@code accounts} are accounts whose keys read only their own projects (and their
 * agencies), {@code latency} is the least time from a request's arrival to its answer, {@code temporaryKeysLifetime}
 * caps how long the keys of an agency hold (IAM's is the requested duration).
 */
public record SimulatorOptions(int port, Map<String, String> credentials, List<SimulatedAccount> accounts,
                               Duration latency, FaultOptions faults, Duration temporaryKeysLifetime) {

    /** Keys that read every project, as before accounts. */
    public SimulatorOptions(int port, Map<String, String> credentials, Duration latency, FaultOptions faults) {
        this(port, credentials, List.of(), latency, faults, Duration.ofDays(1));
    }

    /** The same simulator, with these accounts too. */
    public SimulatorOptions withAccounts(List<SimulatedAccount> more, Duration keysLifetime) {
        List<SimulatedAccount> all = new java.util.ArrayList<>(accounts);
        all.addAll(more);
        return new SimulatorOptions(port, credentials, all, latency, faults, keysLifetime);
    }

    public SimulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        credentials = Map.copyOf(credentials);
        accounts = List.copyOf(accounts);
        if (temporaryKeysLifetime.isNegative() || temporaryKeysLifetime.isZero()) {
            throw new IllegalArgumentException("temporary keys must hold a while");
        }
    }
}
