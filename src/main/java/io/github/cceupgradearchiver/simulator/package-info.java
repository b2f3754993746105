// Local stand-in for the Huawei Cloud CCE API (both families, tasks and evidence): AK/SK-verified HTTP endpoints over
// scripted or generated fleets.
// Serves the simulate/demo commands, tests and benchmarks; plain Java so it runs without a Spring context.
@org.jspecify.annotations.NullMarked
package io.github.cceupgradearchiver.simulator;
