package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.text.SafeText;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
        String stripped = text.strip();
        Matcher m = FORMAT.matcher(stripped);
        if (!m.matches()) {
            return unparseable(text, "not a Go, RFC 3339 or offset-less timestamp");
        }
        // Numbers read where they stand, no substrings, no ZonedDateTime for an offset: a backfill reads millions.
        try {
            LocalDateTime local = LocalDateTime.of(number(stripped, m, YEAR), number(stripped, m, MONTH),
                    number(stripped, m, DAY), number(stripped, m, HOUR), number(stripped, m, MINUTE),
                    number(stripped, m, SECOND), micros(stripped, m) * 1000);
            ZoneId zone = zoneOf(stripped, m);
            return new ParseResult.Parsed<>(zone instanceof ZoneOffset offset
                    ? Instant.ofEpochSecond(local.toEpochSecond(offset), local.getNano())
                    : local.atZone(zone).toInstant());
        } catch (DateTimeException e) {
            return unparseable(text, e.getMessage());
        }
    }

    private static int number(String text, Matcher m, int group) {
        return Integer.parseInt(text, m.start(group), m.end(group), 10);
    }

    private static ParseResult<Instant> unparseable(String text, String why) {
        return new ParseResult.Unreadable<>("unparseable timestamp " + SafeText.quoted(text, 64) + ": " + why);
    }

    private ZoneId zoneOf(String text, Matcher m) {
        if (m.start(GO_SIGN) >= 0) {
            return offset(text, m, GO_SIGN, GO_HOURS, GO_MINUTES);
        }
        if (m.start(RFC_SIGN) >= 0) {
            return offset(text, m, RFC_SIGN, RFC_HOURS, RFC_MINUTES);
        }
        return m.start(ZULU) >= 0 ? ZoneOffset.UTC : sourceZone;
    }

    private static ZoneOffset offset(String text, Matcher m, int sign, int hours, int minutes) {
        int direction = text.charAt(m.start(sign)) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(direction * number(text, m, hours), direction * number(text, m, minutes));
    }

    /** The fraction's first six digits as microseconds (".09236" is 92,360), the rest dropped. */
    private static int micros(String text, Matcher m) {
        int start = m.start(FRACTION);
        if (start < 0) {
            return 0;
        }
        int end = Math.min(m.end(FRACTION), start + 6);
        int micros = Integer.parseInt(text, start, end, 10);
        for (int digits = end - start; digits < 6; digits++) {
            micros *= 10;
        }
        return micros;
    }
}
