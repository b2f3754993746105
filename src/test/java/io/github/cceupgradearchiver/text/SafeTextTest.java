package io.github.cceupgradearchiver.text;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a forged log line        | ok\\n2024-01-01 INFO all good  | ok\\\\n2024-01-01 INFO all good
            a carriage return        | a\\rb                           | a\\\\rb
            an ANSI colour           | \\u001b[31mred\\u001b[0m       | \\\\u001b[31mred\\\\u001b[0m
            NUL                      | a\\u0000b                       | a\\\\u0000b
            a C1 control             | a\\u009bb                       | a\\\\u009bb
            a line separator         | a\\u2028b                       | a\\\\u2028b
            a bidi override          | a\\u202eb                       | a\\\\u202eb
            an unpaired surrogate    | a\\ud800b                       | a\\\\ud800b
            a surrogate pair         | 😀 集群                          | 😀 集群
            """)
    void escapesForALogLineWhatCouldForgeOrHideOne(String description, String escapedInput, String escapedOutput) {
        assertThat(SafeText.loggable(unescape(escapedInput))).isEqualTo(unescape(escapedOutput));
    }

    @Test
    void storesNulFreeAndCapped() {
        assertThat(SafeText.storable("a\u0000b\nc", 100)).isEqualTo("a\\u0000b\nc");
        assertThat(SafeText.storable("x".repeat(5_000_000), 100))
                .startsWith("x".repeat(100)).endsWith("… (4999900 more characters)");
        assertThat(SafeText.storable("ab😀", 3)).isEqualTo("ab… (2 more characters)");
        assertThat(SafeText.storable(null, 10)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            query parameter     | jdbc:postgresql://db:5432/archiver?user=a&password=s3cret&ssl=true | jdbc:postgresql://db:5432/archiver?user=a&password=***&ssl=true
            user info           | postgresql://archiver:s3cret@db:5432/archiver                     | postgresql://archiver:***@db:5432/archiver
            semicolon style     | jdbc:foo://db;user=a;password=s3cret;x=1                           | jdbc:foo://db;user=a;password=***;x=1
            no credentials      | jdbc:postgresql://db:5432/archiver                                 | jdbc:postgresql://db:5432/archiver
            """)
    void removesPasswordsFromConnectionUrls(String description, String text, String expected) {
        assertThat(SafeText.withoutCredentials("Cannot use " + text + ": refused")).isEqualTo("Cannot use " + expected + ": refused");
    }

    @Test
    void describesAnExceptionChainInOneSafeLine() {
        var failure = new IllegalStateException("job failed", new SQLException(
                "Connection to jdbc:postgresql://db/x?password=hunter2 refused\nsecond line", "08001"));

        assertThat(Failures.describe(failure)).isEqualTo(
                "database problem: job failed: Connection to jdbc:postgresql://db/x?password=*** refused");
        assertThat(Failures.describe(new RuntimeException("a\u001b[2Jb"))).isEqualTo("a\\u001b[2Jb");
    }

    @Test
    void theTextLogPatternEscapesTheMessageAndIndentsEveryLineAfterItsFirst() {
        var converter = new EscapedMessageConverter();
        var event = new LoggingEvent("test", new LoggerContext().getLogger("test"), Level.WARN,
                "cluster {} FAILED: {}", null, new Object[] {"c1", "x\r\n2099-01-01 INFO forged\u001b[0m password=p"});

        assertThat(converter.convert(event))
                .isEqualTo("cluster c1 FAILED: x\\r\n    2099-01-01 INFO forged\\u001b[0m password=***")
                .doesNotContainPattern("(?m)^2099");
    }

    /** CSV cells cannot hold control characters: the table writes them as Java escapes. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
            } else if (text.charAt(i + 1) == '\\') {
                out.append('\\');
                i++;
            } else if (text.charAt(i + 1) == 'n') {
                out.append('\n');
                i++;
            } else if (text.charAt(i + 1) == 'r') {
                out.append('\r');
                i++;
            } else if (text.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
