/**
 * The archive batch job: a plan of the run's clusters (continuing today's unfinished run, if any) dealt into two
 * partitions per worker; each cluster's task list and evidence fetched, normalized and written in one chunk, under
 * savepoints so that it (and each kind of its evidence) fails alone; and the bookkeeping of runs and fetches.
 */
@NullMarked
package io.github.cceupgradearchiver.archive;

import org.jspecify.annotations.NullMarked;
