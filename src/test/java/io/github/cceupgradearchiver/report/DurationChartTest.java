package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationChartTest {

    static final ReportPeriod MARCH = new ReportPeriod(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-31"), ZoneOffset.UTC);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.3, 0.5", "1, 1", "1.1, 2", "2.5, 5", "7, 10", "12, 20", "99, 100"})
    void roundsGridStepsUpToOneTwoOrFiveTimesAPowerOfTen(double raw, double step) {
        assertThat(DurationChart.niceStep(raw)).isEqualTo(step);
    }

    @Test
    void ticksDaysInShortPeriodsAndMonthsInLongOnes() {
        assertThat(DurationChart.ticks(MARCH)).hasSizeLessThanOrEqualTo(13).startsWith(LocalDate.parse("2024-03-01"));
        assertThat(DurationChart.ticks(new ReportPeriod(LocalDate.parse("2024-01-15"), LocalDate.parse("2024-12-31"), ZoneOffset.UTC)))
                .startsWith(LocalDate.parse("2024-02-01"), LocalDate.parse("2024-03-01")).endsWith(LocalDate.parse("2025-01-01"));
        assertThat(DurationChart.ticks(new ReportPeriod(LocalDate.parse("2020-01-01"), LocalDate.parse("2029-12-31"), ZoneOffset.UTC)))
                .hasSizeLessThanOrEqualTo(12);
    }

    @Test
    void drawsOneEscapedMarkPerCompletedUpgradeAndNumbersWithADecimalPointInAnyLocale() {
        // given
        Locale locale = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            List<Upgrade> upgrades = List.of(
                    upgrade("a", "Success", new BigDecimal("90.5"), null),
                    upgrade("b", "Failed", new BigDecimal("600"), Upgrade.Problem.FAILED),
                    upgrade("c", "Running", null, Upgrade.Problem.STUCK));

            // when
            String svg = DurationChart.svg(upgrades, MARCH);

            // then
            assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>")
                    .contains("&lt;b&gt; &amp; co: v1 to v2, Success, 1 min 31 s (task a)", "(task b)")
                    .doesNotContain("(task c)", "<b>");
            assertThat(svg).doesNotContainPattern("\\d,\\d");
        } finally {
            Locale.setDefault(locale);
        }
    }

    @Test
    void drawsNothingWhenNoUpgradeCompleted() {
        assertThat(DurationChart.svg(List.of(upgrade("c", "Running", null, null)), MARCH)).isEmpty();
    }

    private static Upgrade upgrade(String task, String phase, BigDecimal seconds, Upgrade.Problem problem) {
        return new Upgrade(task, "c-1", "<b> & co", "v1", "v2", phase, Instant.parse("2024-03-10T00:00:00Z"),
                seconds == null ? null : Instant.parse("2024-03-10T00:10:00Z"), seconds, true, problem, seconds);
    }
}
