/**
 * The archive's integrity: sealing each run's revisions into a hash chain, and verify, which
 * recomputes every hash, seal and link and checks upgrade_task against the latest revisions.
 */
@NullMarked
package io.github.cceupgradearchiver.history;

import org.jspecify.annotations.NullMarked;
