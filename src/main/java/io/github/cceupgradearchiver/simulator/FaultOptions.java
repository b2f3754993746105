package io.github.cceupgradearchiver.simulator;

/**
 * Faults injected into task-list requests. Each request draws one number from a fixed hash of (cluster id, attempt),
 * so a run is reproducible: below {@code errorRate} it gets a 503, below {@code errorRate + throttleRate} a 429.
 * Independently, each item of a successful answer has its creationTimestamp garbled with {@code garbageItemRate}.
 */
public record FaultOptions(double errorRate, double throttleRate, int retryAfterSeconds, double garbageItemRate) {

    public FaultOptions {
        if (errorRate < 0 || throttleRate < 0 || errorRate + throttleRate > 1) {
            throw new IllegalArgumentException("errorRate and throttleRate must be >= 0 and add up to at most 1");
        }
        if (garbageItemRate < 0 || garbageItemRate > 1) {
            throw new IllegalArgumentException("garbageItemRate must be between 0 and 1");
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 0");
        }
    }

    public static FaultOptions none() {
        return new FaultOptions(0, 0, 0, 0);
    }
}
