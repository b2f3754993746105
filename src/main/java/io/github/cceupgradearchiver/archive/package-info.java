/**
 * The archive batch job: a plan of the run's clusters (continuing today's unfinished run, if any) dealt into two
 * partitions per worker; each cluster fetched, normalized and written in one chunk, under a savepoint so that it
 * fails alone; and the bookkeeping of runs and cluster fetches.
 */
@NullMarked
package io.github.cceupgradearchiver.archive;

import org.jspecify.annotations.NullMarked;
