package io.github.cceupgradearchiver.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The days a report covers, both included, as days of {@code zone}: from the first instant of {@code from}
 * up to, excluding, the first instant of the day after {@code to}.
 */
public record ReportPeriod(LocalDate from, LocalDate to, ZoneId zone) {

    public ReportPeriod {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the period starts on " + from + ", after its end " + to);
        }
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The zone as the report names it: UTC, or its id such as Asia/Shanghai. */
    public String zoneName() {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /** Each day of the period that has ended by {@code now}: the days on which a missing archive run is a gap. */
    List<Day> daysEndedBy(Instant now) {
        return from.datesUntil(to.plusDays(1))
                .map(date -> new Day(date.atStartOfDay(zone).toInstant(),
                        date.plusDays(1).atStartOfDay(zone).toInstant()))
                .filter(day -> !day.end().isAfter(now))
                .toList();
    }

    /** One day of the period's zone, as the instants it starts and ends at (23 or 25 hours long on DST changes). */
    record Day(Instant start, Instant end) {
    }
}
