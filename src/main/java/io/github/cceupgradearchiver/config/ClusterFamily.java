package io.github.cceupgradearchiver.config;

/**
 * Which CCE API serves a cluster: its paths start with {@link #pathPrefix()}. Configured as
 * {@code archiver.clusters[i].family} ({@code autopilot} or {@code standard}); stored in the archive as {@link #value()}.
 */
public enum ClusterFamily {

    /** CCE Autopilot: {@code /autopilot/...}. */
    AUTOPILOT("autopilot", "/autopilot"),
    /** CCE Standard and Turbo clusters: {@code /api/...}. */
    STANDARD("standard", "/api");

    private final String value;
    private final String pathPrefix;

    ClusterFamily(String value, String pathPrefix) {
        this.value = value;
        this.pathPrefix = pathPrefix;
    }

    /** The name the configuration and the archive's {@code family} columns use. */
    public String value() {
        return value;
    }

    /** What the family's request paths start with. */
    public String pathPrefix() {
        return pathPrefix;
    }
}
