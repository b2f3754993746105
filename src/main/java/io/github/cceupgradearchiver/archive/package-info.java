/**
 * The archive batch job: the run's clusters dealt into two partitions per worker; each cluster fetched,
 * normalized and upserted in one chunk; and the bookkeeping of runs and cluster fetches.
 */
@NullMarked
package io.github.cceupgradearchiver.archive;

import org.jspecify.annotations.NullMarked;
