package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.text.SafeText;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamps the CCE API writes, to the microsecond.
 * <p>
 * The numeric offset always decides: the zone abbreviation after it ({@code CST} in
 * {@code 2023-11-24 16:41:12.09236 +0800 CST}) is ignored, because {@code DateTimeFormatter}
 * and PostgreSQL both read {@code CST} as US Central. Only a timestamp without any offset
 * falls back to the configured source zone.
 */
public final class ApiTimestamps {

    // Go's time.String() ("2006-01-02 15:04:05.999999999 -0700 MST m=+0.1"), RFC 3339, or no offset at all.
    private static final Pattern FORMAT = Pattern.compile("""
            (?<date>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})[Tt ]\
            (?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})(?:\\.(?<fraction>\\d{1,9}))?\
            (?:\
            \\s+(?<goSign>[+-])(?<goHours>\\d{2})(?<goMinutes>\\d{2})(?:\\s+(?<abbreviation>[A-Za-z0-9+_-]+))?\
            |(?<zulu>[Zz])\
            |(?<rfcSign>[+-])(?<rfcHours>\\d{2}):(?<rfcMinutes>\\d{2})\
            )?\
            (?:\\s+m=[+-]\\d+(?:\\.\\d+)?)?""");

    private final ZoneId sourceZone;

    public ApiTimestamps(ZoneId sourceZone) {
        this.sourceZone = sourceZone;
    }

    /** Parses one timestamp, truncating (never rounding) to microseconds. */
    public ParseResult<Instant> parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            return unparseable(text, "not a Go, RFC 3339 or offset-less timestamp");
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group("date")), Integer.parseInt(m.group("month")),
                    Integer.parseInt(m.group("day")), Integer.parseInt(m.group("hour")),
                    Integer.parseInt(m.group("minute")), Integer.parseInt(m.group("second")),
                    nanos(m.group("fraction")));
            return new ParseResult.Parsed<>(local.atZone(zoneOf(m)).toInstant().truncatedTo(ChronoUnit.MICROS));
        } catch (DateTimeException e) {
            return unparseable(text, e.getMessage());
        }
    }

    private static ParseResult<Instant> unparseable(String text, String why) {
        return new ParseResult.Unreadable<>("unparseable timestamp " + SafeText.quoted(text, 64) + ": " + why);
    }

    private ZoneId zoneOf(Matcher m) {
        if (m.group("goSign") != null) {
            return offset(m.group("goSign"), m.group("goHours"), m.group("goMinutes"));
        }
        if (m.group("rfcSign") != null) {
            return offset(m.group("rfcSign"), m.group("rfcHours"), m.group("rfcMinutes"));
        }
        return m.group("zulu") != null ? ZoneOffset.UTC : sourceZone;
    }

    private static ZoneOffset offset(String sign, String hours, String minutes) {
        int direction = sign.equals("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(direction * Integer.parseInt(hours), direction * Integer.parseInt(minutes));
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "00000000").substring(0, 9));
    }
}
