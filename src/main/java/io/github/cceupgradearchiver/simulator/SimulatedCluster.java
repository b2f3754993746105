package io.github.cceupgradearchiver.simulator;

/** A cluster as the clusters list shows it; {@code version} is the Kubernetes minor version such as "v1.28". */
public record SimulatedCluster(String projectId, String clusterId, String name, String version) {}
