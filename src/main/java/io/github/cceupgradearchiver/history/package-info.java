/**
 * The archive's integrity: sealing each run's revisions into a hash chain, signing each seal (Ed25519) and writing
 * it to the outside witness; and verify, which trusts nothing the schema's owner could replace: it checks the
 * archive's definitions in pg_catalog, recomputes every hash, seal and link without the schema's functions, checks
 * signatures and the witness, and checks upgrade_task against the latest revisions.
 */
@NullMarked
package io.github.cceupgradearchiver.history;

import org.jspecify.annotations.NullMarked;
