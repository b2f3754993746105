/**
 * The evidence pack an auditor takes away: {@code export} writes the period's report, revisions, the seals up to
 * the head, the public keys and a manifest into one zip; {@code verify --bundle} checks such a zip with no database.
 */
@NullMarked
package io.github.cceupgradearchiver.evidence;

import org.jspecify.annotations.NullMarked;
