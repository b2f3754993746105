package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTimestampsTest {

    private final ApiTimestamps timestamps = new ApiTimestamps(ZoneId.of("Asia/Shanghai"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # the API's own format: Go time.String() in China Standard Time
            2023-11-24 16:41:12.09236 +0800 CST              | 2023-11-24T08:41:12.092360Z
            2023-11-24 16:44:05.634206 +0800 CST             | 2023-11-24T08:44:05.634206Z
            # CST is never US Central: the numeric offset decides
            2023-11-24 16:41:12 +0800 CST                    | 2023-11-24T08:41:12Z
            2023-11-24 16:41:12 -0600 CST                    | 2023-11-24T22:41:12Z
            # 0 to 9 fraction digits; beyond microseconds truncated, never rounded
            2023-11-24 16:41:12.1 +0800 CST                  | 2023-11-24T08:41:12.100Z
            2023-11-24 16:41:12.123456789 +0800 CST          | 2023-11-24T08:41:12.123456Z
            2023-11-24 16:41:12.999999999 +0800 CST          | 2023-11-24T08:41:12.999999Z
            2023-11-24 16:41:12.0000009 +0800 CST            | 2023-11-24T08:41:12Z
            # Go's monotonic clock reading is dropped
            2023-11-24 16:41:12.09236 +0800 CST m=+12.345    | 2023-11-24T08:41:12.092360Z
            2023-11-24 16:41:12.09236 +0800 CST m=-0.000001  | 2023-11-24T08:41:12.092360Z
            # UTC and numeric abbreviations as Go prints them
            2023-11-24 08:41:12.5 +0000 UTC                  | 2023-11-24T08:41:12.500Z
            2023-11-24 16:41:12 +0800 +08                    | 2023-11-24T08:41:12Z
            2023-11-24 03:11:12 -0530 IST                    | 2023-11-24T08:41:12Z
            2023-11-24 16:41:12 +0800                        | 2023-11-24T08:41:12Z
            # RFC 3339
            2023-11-24T08:41:12Z                             | 2023-11-24T08:41:12Z
            2023-11-24T08:41:12.092360z                      | 2023-11-24T08:41:12.092360Z
            2023-11-24T16:41:12.09236+08:00                  | 2023-11-24T08:41:12.092360Z
            2023-11-23T22:41:12.000000001-10:00              | 2023-11-24T08:41:12Z
            # no offset at all: the source zone (Asia/Shanghai)
            2023-11-24 16:41:12.09236                        | 2023-11-24T08:41:12.092360Z
            2023-11-24T16:41:12                              | 2023-11-24T08:41:12Z
            # surrounding white space, a leap day, day boundaries
            '  2024-02-29 07:59:59.999999 +0800 CST  '       | 2024-02-28T23:59:59.999999Z
            0001-01-01 00:00:00 +0000 UTC                    | 0001-01-01T00:00:00Z
            """)
    void parsesToTheMicrosecond(String text, String expected) {
        assertThat(timestamps.parse(text)).isEqualTo(new ParseResult.Parsed<>(Instant.parse(expected)));
    }

    @ParameterizedTest(name = "rejects ''{0}''")
    @ValueSource(strings = {
            "",
            "yesterday",
            "2023-11-24",
            "2023-11-24 16:41 +0800 CST",
            "2023-13-24 16:41:12 +0800 CST",
            "2023-02-30 16:41:12 +0800 CST",
            "2023-11-24 25:41:12 +0800 CST",
            "2023-11-24 16:41:12.1234567890 +0800 CST",
            "2023-11-24 16:41:12 +2500 CST",
            "2023-11-24 16:41:12 CST",
            "2023-11-24T16:41:12+0800x",
            "1700815272",
    })
    void rejectsWhatIsNotATimestamp(String text) {
        assertThat(timestamps.parse(text)).isInstanceOfSatisfying(ParseResult.Unreadable.class,
                unreadable -> assertThat(unreadable.reason()).contains("'" + text + "'"));
    }

    @Test
    void readsEveryInstantAsGoAndRfc3339PrintItToTheMicrosecond() {
        Random random = new Random(20261201);
        for (int trial = 0; trial < 20_000; trial++) {
            // given: any wall time of years 1 to 9999, any offset Go or RFC 3339 can print, 0 to 9 fraction digits
            YearMonth month = YearMonth.of(1 + random.nextInt(9999), 1 + random.nextInt(12));
            LocalDateTime local = month.atDay(1 + random.nextInt(month.lengthOfMonth()))
                    .atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(18 * 60 * 2 + 1) - 18 * 60) * 60);
            int digits = random.nextInt(10);
            String nanos = String.format("%09d", local.getNano());
            String wallTime = String.format("%04d-%02d-%02d %02d:%02d:%02d", local.getYear(), local.getMonthValue(),
                    local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond())
                    + (digits == 0 ? "" : "." + nanos.substring(0, digits));
            int minutes = Math.abs(offset.getTotalSeconds()) / 60;
            String sign = offset.getTotalSeconds() < 0 ? "-" : "+";
            String go = wallTime + String.format(" %s%02d%02d CST", sign, minutes / 60, minutes % 60);
            String rfc3339 = wallTime.replace(' ', 'T') + (offset.getTotalSeconds() == 0 ? "Z"
                    : String.format("%s%02d:%02d", sign, minutes / 60, minutes % 60));
            Instant printed = local.withNano(Integer.parseInt((nanos.substring(0, digits) + "000000000").substring(0, 9)))
                    .toInstant(offset).truncatedTo(ChronoUnit.MICROS);

            // when / then: read back as printed, truncated to the microsecond
            assertThat(timestamps.parse(go)).as(go).isEqualTo(new ParseResult.Parsed<>(printed));
            assertThat(timestamps.parse(rfc3339)).as(rfc3339).isEqualTo(new ParseResult.Parsed<>(printed));
        }
    }

    @Test
    void offsetlessTimestampsFollowTheConfiguredZone() {
        var utc = new ApiTimestamps(ZoneId.of("UTC"));
        assertThat(utc.parse("2023-11-24 16:41:12")).isEqualTo(new ParseResult.Parsed<>(Instant.parse("2023-11-24T16:41:12Z")));
    }
}
