package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportPeriodTest {

    @ParameterizedTest(name = "{0} to {1} in {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2024-01-01 | 2024-03-31 | UTC           | 2024-01-01T00:00:00Z | 2024-04-01T00:00:00Z
            2024-01-01 | 2024-03-31 | Asia/Shanghai | 2023-12-31T16:00:00Z | 2024-03-31T16:00:00Z
            2024-02-29 | 2024-02-29 | +08:00        | 2024-02-28T16:00:00Z | 2024-02-29T16:00:00Z
            """)
    void coversWholeDaysOfItsZoneBothIncluded(String from, String to, String zone, String start, String end) {
        // when
        ReportPeriod period = new ReportPeriod(LocalDate.parse(from), LocalDate.parse(to), ZoneId.of(zone));

        // then
        assertThat(period.start()).isEqualTo(Instant.parse(start));
        assertThat(period.end()).isEqualTo(Instant.parse(end));
    }

    @Test
    void countsOnlyDaysThatHaveEndedAndKnowsADaylightSavingDayHas23Hours() {
        // given
        ReportPeriod period = new ReportPeriod(LocalDate.parse("2024-03-30"), LocalDate.parse("2024-04-02"),
                ZoneId.of("Europe/Berlin"));

        // when
        var days = period.daysEndedBy(Instant.parse("2024-04-01T23:00:00Z"));

        // then
        assertThat(days).extracting(day -> Duration.between(day.start(), day.end()).toHours()).containsExactly(24L, 23L, 24L);
    }

    @Test
    void refusesToEndBeforeItStarts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ReportPeriod(LocalDate.parse("2024-05-02"), LocalDate.parse("2024-05-01"), ZoneOffset.UTC))
                .withMessage("the period starts on 2024-05-02, after its end 2024-05-01");
    }

    @Test
    void namesUtcPlainlyAndOtherZonesByTheirId() {
        assertThat(new ReportPeriod(LocalDate.EPOCH, LocalDate.EPOCH, ZoneId.of("UTC")).zoneName()).isEqualTo("UTC");
        assertThat(new ReportPeriod(LocalDate.EPOCH, LocalDate.EPOCH, ZoneId.of("Asia/Shanghai")).zoneName()).isEqualTo("Asia/Shanghai");
    }
}
