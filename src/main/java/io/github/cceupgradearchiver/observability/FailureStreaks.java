package io.github.cceupgradearchiver.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How many runs in a row each cluster that failed in a run has failed, from {@code cluster_fetch}: its failed
 * fetches since its last successful one, up to that run. A deleted cluster or withdrawn permission fails every day;
 * one transient error fails once. Alerts need the difference, as a handful of numbers, not one series per cluster.
 */
final class FailureStreaks {

    /** The streak lengths pushed as {@code at_least} buckets: once, twice, three times, a week of daily runs. */
    static final List<Integer> AT_LEAST = List.of(1, 2, 3, 7);

    private static final String STREAKS = """
            SELECT (SELECT count(*) FROM upgrade_history.cluster_fetch h
                    WHERE h.cluster_id = f.cluster_id AND h.run_id <= :run
                      AND h.run_id > coalesce((SELECT max(ok.run_id) FROM upgrade_history.cluster_fetch ok
                                               WHERE ok.cluster_id = f.cluster_id AND ok.run_id <= :run
                                                 AND ok.outcome = 'OK'), 0)) AS streak
            FROM upgrade_history.cluster_fetch f
            WHERE f.run_id = :run AND f.outcome = 'FAILED'
            """;

    private final JdbcClient jdbc;

    FailureStreaks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** For each cluster that failed in the run, the runs in a row it has failed, this one included. */
    List<Integer> of(long runId) {
        return jdbc.sql(STREAKS).param("run", runId).query(Integer.class).list();
    }

    /** For each of {@link #AT_LEAST}, how many of the streaks are at least that long. */
    static Map<Integer, Long> atLeast(List<Integer> streaks) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        for (int runs : AT_LEAST) {
            counts.put(runs, streaks.stream().filter(streak -> streak >= runs).count());
        }
        return counts;
    }
}
