/**
 * What a run tells monitoring: Micrometer metrics of the run (clusters, tasks, failure streaks, API latency, retries)
 * and the outcome of verify, pushed to a Prometheus Pushgateway when one is configured, since a batch job cannot be
 * scraped. deploy/prometheus/archiver-rules.yml alerts on them.
 */
@NullMarked
package io.github.cceupgradearchiver.observability;

import org.jspecify.annotations.NullMarked;
