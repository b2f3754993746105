/**
 * The archive batch job: one partition per cluster, fetch, normalize, upsert,
 * and the bookkeeping of runs and cluster fetches.
 */
@NullMarked
package io.github.cceupgradearchiver.archive;

import org.jspecify.annotations.NullMarked;
