/**
 * Untrusted text made safe: capped and NUL-free before it is stored, control characters escaped before it is
 * logged, credentials cut out of URLs, and every exception chain told in one line. A leaf: it depends on no feature.
 */
@NullMarked
package io.github.cceupgradearchiver.text;

import org.jspecify.annotations.NullMarked;
