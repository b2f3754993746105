package io.github.cceupgradearchiver.text;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code %escapedMessage} in the text log pattern ({@code logging.pattern.console}): the message with control characters escaped
 * and connection-URL passwords removed, so that nothing the API sends can forge a log line, move the cursor or colour
 * a terminal. A message of several lines (Spring Boot's report of a failed start) keeps them, each continuation
 * indented: every log entry starts with its timestamp in the first column, and no continuation line can pass for
 * one. JSON logs escape by themselves.
 */
public final class EscapedMessageConverter extends ClassicConverter {

    static final String CONTINUATION = "\n    ";

    /**
     * Makes {@code %escapedMessage} known to every pattern, before Spring Boot configures Logback: its own programmatic
     * configuration (no XML file to parse at start-up, docs/benchmarks.md) has no place for a conversion rule of ours.
     */
    public static void register() {
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("escapedMessage", EscapedMessageConverter::new);
    }

    @Override
    public String convert(ILoggingEvent event) {
        return Arrays.stream(SafeText.withoutCredentials(event.getFormattedMessage()).split("\n", -1))
                .map(SafeText::loggable)
                .collect(Collectors.joining("\n    "));
    }
}
