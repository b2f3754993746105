package io.github.cceupgradearchiver.simulator;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CCE cluster version such as v1.27.3-r0 (Kubernetes 1.minor.patch, CCE release r). */
record Version(int minor, int patch, int release) {

    private static final Pattern FORMAT = Pattern.compile("v1\\.(\\d+)\\.(\\d+)-r(\\d+)");

    static Version parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a CCE version: " + text);
        }
        return new Version(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
    }

    /** A plausible upgrade target: one or two minors up, else a patch or a CCE release bump. */
    Version next(SplittableRandom random, double minorBumpChance) {
        double roll = random.nextDouble();
        if (roll < minorBumpChance) {
            return new Version(minor + 1 + random.nextInt(2), random.nextInt(6), 0);
        }
        if (roll < minorBumpChance + 0.3) {
            return new Version(minor, patch + 1, 0);
        }
        return new Version(minor, patch, release + 1 + random.nextInt(10));
    }

    /** The form the clusters list uses, e.g. "v1.28". */
    String minorVersion() {
        return "v1." + minor;
    }

    @Override
    public String toString() {
        return "v1." + minor + "." + patch + "-r" + release;
    }
}
