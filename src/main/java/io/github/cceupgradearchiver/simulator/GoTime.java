package io.github.cceupgradearchiver.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Formats instants like Go's time.String() in China Standard Time, which is how CCE writes its timestamps. */
final class GoTime {

    // E.g. "2023-11-24 16:41:12.09236 +0800 CST": Go trims the fraction's trailing zeros and drops a zero fraction,
    // as appendFraction(0, 9) does.
    private static final DateTimeFormatter GO = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendLiteral(" +0800 CST")
            .toFormatter()
            .withZone(ZoneOffset.ofHours(8));

    private GoTime() {}

    // RFC 3339 in China Standard Time with the fraction Go gives it, as some evidence metadata is written.
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendLiteral("+08:00")
            .toFormatter()
            .withZone(ZoneOffset.ofHours(8));

    static String format(Instant instant) {
        return GO.format(instant);
    }

    static String rfc3339(Instant instant) {
        return RFC_3339.format(instant);
    }
}
