package io.github.cceupgradearchiver.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * How the simulator listens and behaves; {@code port} 0 picks a free port, {@code credentials} maps AK to SK,
 * {@code latency} is the least time from a request's arrival to its answer.
 */
public record SimulatorOptions(int port, Map<String, String> credentials, Duration latency, FaultOptions faults) {

    public SimulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        credentials = Map.copyOf(credentials);
    }
}
