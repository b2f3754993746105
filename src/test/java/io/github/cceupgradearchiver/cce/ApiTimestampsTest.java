package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
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

    @org.junit.jupiter.api.Test
    void offsetlessTimestampsFollowTheConfiguredZone() {
        var utc = new ApiTimestamps(ZoneId.of("UTC"));
        assertThat(utc.parse("2023-11-24 16:41:12")).isEqualTo(new ParseResult.Parsed<>(Instant.parse("2023-11-24T16:41:12Z")));
    }
}
