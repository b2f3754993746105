package io.github.cceupgradearchiver.simulator;

/** Stateless 64-bit hashing, so generated data and injected faults depend only on their inputs, not on call order. */
final class Hash {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Hash() {}

    static long of(long... parts) {
        long hash = GOLDEN_GAMMA;
        for (long part : parts) {
            hash = mix(hash + part * GOLDEN_GAMMA);
        }
        return hash;
    }

    /** Maps a hash to [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    // SplitMix64's finalizer: every input bit affects every output bit.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
