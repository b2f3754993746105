package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
            2                             | PT2S
            ' 0 '                         | PT0S
            120                           | PT2M
            Fri, 27 Nov 2026 10:00:30 GMT | PT30S
            Fri, 27 Nov 2026 09:59:00 GMT | PT0S
            soon                          | null
            ''                            | null
            -1                            | null
            """)
    void readsSecondsAndHttpDates(String header, String expected) {
        assertThat(RetryAfter.parse(header, NOW)).isEqualTo(expected == null ? null : Duration.parse(expected));
    }
}
