package io.github.cceupgradearchiver.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTimeTest {

    @ParameterizedTest
    @CsvSource({
        "2023-11-24T08:41:12.092360Z, 2023-11-24 16:41:12.09236 +0800 CST",
        "2023-11-24T12:14:35.194306Z, 2023-11-24 20:14:35.194306 +0800 CST",
        "2023-11-24T08:41:12Z,        2023-11-24 16:41:12 +0800 CST",
        "2023-11-24T08:41:12.1Z,      2023-11-24 16:41:12.1 +0800 CST",
        "2023-11-24T08:41:12.000000001Z, 2023-11-24 16:41:12.000000001 +0800 CST",
        "2023-12-31T16:00:00.123456789Z, 2024-01-01 00:00:00.123456789 +0800 CST",
    })
    void formatsLikeGoTimeStringInChinaStandardTime(String instant, String expected) {
        assertThat(GoTime.format(Instant.parse(instant))).isEqualTo(expected);
    }
}
