/**
 * Talking to the CCE Autopilot API: signed SDK calls under one call policy (bulkhead, rate limit, retries, a deadline),
 * bodies read within bounds, error classification, and the API's own formats: Go timestamps, and what an
 * upgrade-task item means as an archived row, or why it cannot be one.
 */
@NullMarked
package io.github.cceupgradearchiver.cce;

import org.jspecify.annotations.NullMarked;
