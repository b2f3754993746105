/**
 * Talking to the CCE API of both cluster families (Autopilot under /autopilot, Standard and Turbo under /api): calls
 * signed with each account's keys (its own, an IAM agency's temporary ones, or the SDK's chain) at each region's
 * endpoint, through the proxy and the trusted CAs, under one call policy (bulkhead, a rate limit per account, retries,
 * a deadline), bodies read within bounds, error classification, and the API's own formats: Go timestamps, and what an
 * upgrade-task item or an evidence object (pre-check, snapshot, workflow, upgrade info) means as an archived row, or
 * why it cannot be one.
 */
@NullMarked
package io.github.cceupgradearchiver.cce;

import org.jspecify.annotations.NullMarked;
