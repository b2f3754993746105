package io.github.cceupgradearchiver.report;

/** The archive runs started in the period, by outcome ({@code archive_run.status}). */
record RunCounts(int total, int succeeded, int partial, int unsuccessful) {
}
