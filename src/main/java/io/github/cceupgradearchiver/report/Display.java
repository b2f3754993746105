package io.github.cceupgradearchiver.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** How the HTML and PDF report show times, durations and missing values. */
final class Display {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String NONE = "\u2014";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private Display() {
    }

    static String utc(@Nullable Instant instant) {
        return instant == null ? NONE : TIME.format(instant.atZone(ZoneOffset.UTC));
    }

    static String cst(@Nullable Instant instant) {
        return instant == null ? NONE : TIME.format(instant.atZone(CHINA));
    }

    static String text(@Nullable String text) {
        return text == null || text.isEmpty() ? NONE : text;
    }

    /** 42 s, 2 min 54 s, 1 h 05 min, 731 d 9 h: as precise as a reader needs at that size. */
    static String duration(@Nullable BigDecimal seconds) {
        if (seconds == null) {
            return NONE;
        }
        long total = seconds.setScale(0, RoundingMode.HALF_UP).longValueExact();
        Duration duration = Duration.ofSeconds(Math.abs(total));
        String sign = total < 0 ? "-" : "";
        if (duration.toDays() > 0) {
            return sign + duration.toDays() + " d " + duration.toHoursPart() + " h";
        }
        if (duration.toHours() > 0) {
            return sign + duration.toHours() + " h %02d min".formatted(duration.toMinutesPart());
        }
        if (duration.toMinutes() > 0) {
            return sign + duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
        }
        return sign + duration.toSeconds() + " s";
    }

    static String duration(@Nullable Duration duration) {
        return duration == null ? NONE : duration(BigDecimal.valueOf(duration.toSeconds()));
    }
}
