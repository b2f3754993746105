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

    // The groups by number: a lookup by name hashes the name, on each of the millions of timestamps a backfill reads.
    private static final int YEAR = 1, MONTH = 2, DAY = 3, HOUR = 4, MINUTE = 5, SECOND = 6, FRACTION = 7,
            GO_SIGN = 8, GO_HOURS = 9, GO_MINUTES = 10, ZULU = 12, RFC_SIGN = 13, RFC_HOURS = 14, RFC_MINUTES = 15;

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
            LocalDateTime local = LocalDateTime.of(number(m, YEAR), number(m, MONTH), number(m, DAY),
                    number(m, HOUR), number(m, MINUTE), number(m, SECOND), nanos(m));
            return new ParseResult.Parsed<>(local.atZone(zoneOf(m)).toInstant().truncatedTo(ChronoUnit.MICROS));
        } catch (DateTimeException e) {
            return unparseable(text, e.getMessage());
        }
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static ParseResult<Instant> unparseable(String text, String why) {
        return new ParseResult.Unreadable<>("unparseable timestamp " + SafeText.quoted(text, 64) + ": " + why);
    }

    private ZoneId zoneOf(Matcher m) {
        if (m.start(GO_SIGN) >= 0) {
            return offset(m, GO_SIGN, GO_HOURS, GO_MINUTES);
        }
        if (m.start(RFC_SIGN) >= 0) {
            return offset(m, RFC_SIGN, RFC_HOURS, RFC_MINUTES);
        }
        return m.start(ZULU) >= 0 ? ZoneOffset.UTC : sourceZone;
    }

    private static ZoneOffset offset(Matcher m, int sign, int hours, int minutes) {
        int direction = m.group(sign).equals("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(direction * number(m, hours), direction * number(m, minutes));
    }

    private static int nanos(Matcher m) {
        String fraction = m.group(FRACTION);
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "00000000").substring(0, 9));
    }
}
