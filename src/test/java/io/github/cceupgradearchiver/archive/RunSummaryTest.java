package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunSummaryTest {

    @ParameterizedTest(name = "{0} failed clusters")
    @CsvSource(delimiter = '|', textBlock = """
            0  | archive run 7 SUCCEEDED in 1.5 s: 40 clusters (0 failed), 9 tasks seen, 1 new, 2 changed, 3 rejected, 4 delisted
            2  | archive run 7 PARTIAL in 1.5 s: 40 clusters (2 failed: c0, c1), 9 tasks seen, 1 new, 2 changed, 3 rejected, 4 delisted
            20 | archive run 7 PARTIAL in 1.5 s: 40 clusters (20 failed: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19), 9 tasks seen, 1 new, 2 changed, 3 rejected, 4 delisted
            23 | archive run 7 PARTIAL in 1.5 s: 40 clusters (23 failed: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19 and 3 more (see cluster_fetch)), 9 tasks seen, 1 new, 2 changed, 3 rejected, 4 delisted
            """)
    void namesAtMostTwentyFailedClusters(int failed, String line) {
        List<String> names = IntStream.range(0, failed).mapToObj(i -> "c" + i).toList();
        var summary = new RunSummary(7, failed == 0 ? RunStatus.SUCCEEDED : RunStatus.PARTIAL, Duration.ofMillis(1500),
                40, failed, 9, 1, 2, 3, 4, names, null);

        assertThat(summary.describe()).isEqualTo(line);
    }
}
