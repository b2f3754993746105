/**
 * Talking to the CCE Autopilot API: signed SDK calls, raw-body capture, error classification,
 * and the API's own formats: Go timestamps, and what an upgrade-task item means as an archived row.
 */
@NullMarked
package io.github.cceupgradearchiver.cce;

import org.jspecify.annotations.NullMarked;
