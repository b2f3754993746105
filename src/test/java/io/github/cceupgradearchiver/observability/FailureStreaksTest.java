package io.github.cceupgradearchiver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The failure streaks pushed with each run, from the cluster_fetch rows of the runs so far. */
@SpringBootTest
class FailureStreaksTest {

    @Autowired
    JdbcClient jdbc;

    FailureStreaks streaks;

    /**
     * Five runs. c-broken: OK once, then FAILED four times. c-flaky: FAILED, OK, not fetched in run 3 (it was not
     * configured then), FAILED, FAILED. c-never: not fetched in run 1, FAILED ever since. c-fine: always OK.
     */
    @BeforeEach
    void fiveRuns() {
        ArchiveDatabase.reset();
        streaks = new FailureStreaks(jdbc);
        jdbc.sql("""
                INSERT INTO upgrade_history.archive_run (started_at, status)
                SELECT timestamptz '2024-03-01 02:00Z' + n * interval '1 day', 'PARTIAL' FROM generate_series(1, 5) n
                """).update();
        jdbc.sql("""
                INSERT INTO upgrade_history.cluster_fetch (run_id, project_id, region, cluster_id, fetched_at, outcome)
                SELECT f.run_id, 'p', 'cn-north-4', f.cluster_id, timestamptz '2024-03-01 02:00Z' + f.run_id * interval '1 day',
                       f.outcome
                FROM (VALUES (1, 'c-broken', 'OK'), (2, 'c-broken', 'FAILED'), (3, 'c-broken', 'FAILED'),
                             (4, 'c-broken', 'FAILED'), (5, 'c-broken', 'FAILED'),
                             (1, 'c-flaky', 'FAILED'), (2, 'c-flaky', 'OK'), (4, 'c-flaky', 'FAILED'), (5, 'c-flaky', 'FAILED'),
                             (2, 'c-never', 'FAILED'), (3, 'c-never', 'FAILED'), (4, 'c-never', 'FAILED'), (5, 'c-never', 'FAILED'),
                             (1, 'c-fine', 'OK'), (2, 'c-fine', 'OK'), (3, 'c-fine', 'OK'), (4, 'c-fine', 'OK'), (5, 'c-fine', 'OK'))
                     AS f(run_id, cluster_id, outcome)
                """).update();
    }

    @Test
    void eachFailedClusterCountsItsFailedFetchesSinceItsLastSuccessfulOne() {
        // when
        List<Integer> lastRun = streaks.of(5);
        List<Integer> thirdRun = streaks.of(3);

        // then
        assertThat(lastRun).as("c-broken 4, c-flaky 2 (run 3 did not fetch it), c-never 4").containsExactlyInAnyOrder(4, 2, 4);
        assertThat(thirdRun).as("c-broken 2, c-never 2; c-flaky was not fetched").containsExactlyInAnyOrder(2, 2);
        assertThat(streaks.of(1)).as("c-flaky's first fetch failed").containsExactly(1);
    }

    @Test
    void aRunWithoutFailuresHasNoStreaks() {
        // given
        jdbc.sql("INSERT INTO upgrade_history.archive_run (started_at, status) VALUES (now(), 'SUCCEEDED')").update();
        jdbc.sql("""
                INSERT INTO upgrade_history.cluster_fetch (run_id, project_id, region, cluster_id, fetched_at, outcome)
                VALUES (6, 'p', 'cn-north-4', 'c-broken', now(), 'OK')""").update();

        // when
        List<Integer> streaksOfRun6 = streaks.of(6);

        // then
        assertThat(streaksOfRun6).isEmpty();
        assertThat(FailureStreaks.atLeast(streaksOfRun6)).containsExactly(
                Map.entry(1, 0L), Map.entry(2, 0L), Map.entry(3, 0L), Map.entry(7, 0L));
    }

    @ParameterizedTest(name = "streaks {0} -> at least 1, 2, 3, 7: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''          | 0 0 0 0
            1           | 1 0 0 0
            2           | 1 1 0 0
            1 1 1       | 3 0 0 0
            4 2 4       | 3 3 2 0
            7           | 1 1 1 1
            30 1        | 2 1 1 1
            """)
    void countsTheStreaksAtLeastAsLongAsEachBucket(String streakList, String expected) {
        // given
        List<Integer> streakLengths = streakList.isBlank() ? List.of()
                : Arrays.stream(streakList.split(" ")).map(Integer::valueOf).toList();

        // when
        Map<Integer, Long> buckets = FailureStreaks.atLeast(streakLengths);

        // then
        assertThat(buckets.keySet()).containsExactly(1, 2, 3, 7);
        assertThat(String.join(" ", buckets.values().stream().map(String::valueOf).toList())).isEqualTo(expected);
    }
}
