package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayTest {

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0             | 0 s
            0.4           | 0 s
            42.5          | 43 s
            173.541846    | 2 min 54 s
            1200.000000   | 20 min 0 s
            3599.6        | 1 h 00 min
            3905          | 1 h 05 min
            86400         | 1 d 0 h
            63191339.48   | 731 d 9 h
            -90           | -1 min 30 s
            """)
    void showsDurationsAsPreciselyAsAReaderNeeds(String seconds, String shown) {
        assertThat(Display.duration(new BigDecimal(seconds))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} -> UTC {1}, CST {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2023-11-24T08:41:12.092360Z | 2023-11-24 08:41:12 | 2023-11-24 16:41:12
            2023-12-31T18:00:00Z        | 2023-12-31 18:00:00 | 2024-01-01 02:00:00
            """)
    void showsTimesInUtcAndChinaStandardTimeToTheSecond(String instant, String utc, String cst) {
        assertThat(Display.utc(Instant.parse(instant))).isEqualTo(utc);
        assertThat(Display.cst(Instant.parse(instant))).isEqualTo(cst);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = "null")
    void showsADashForWhatIsMissing(String missing) {
        assertThat(Display.text(missing)).isEqualTo("\u2014");
        assertThat(Display.utc(null)).isEqualTo("\u2014");
        assertThat(Display.duration((BigDecimal) null)).isEqualTo("\u2014");
    }
}
