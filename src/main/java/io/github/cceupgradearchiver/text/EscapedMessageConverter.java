package io.github.cceupgradearchiver.text;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %escapedMessage} in the text log pattern (logback-spring.xml): the message with control characters escaped
 * and connection-URL passwords removed, so that nothing the API sends can forge a log line, move the cursor or colour
 * a terminal. JSON logs escape by themselves.
 */
public final class EscapedMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return SafeText.loggable(SafeText.withoutCredentials(event.getFormattedMessage()));
    }
}
