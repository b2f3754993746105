/**
 * What a run tells monitoring: Micrometer metrics of the run (clusters, tasks, API latency, retries),
 * pushed to a Prometheus Pushgateway when one is configured, since a batch job cannot be scraped.
 */
@NullMarked
package io.github.cceupgradearchiver.observability;

import org.jspecify.annotations.NullMarked;
