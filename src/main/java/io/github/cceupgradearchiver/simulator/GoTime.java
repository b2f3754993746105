package io.github.cceupgradearchiver.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats instants like Go's time.String() in China Standard Time, which is how CCE writes its timestamps. */
final class GoTime {

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);

    private GoTime() {}

    /** E.g. "2023-11-24 16:41:12.09236 +0800 CST": Go trims the fraction's trailing zeros and drops a zero fraction. */
    static String format(Instant instant) {
        StringBuilder out = new StringBuilder(40).append(SECONDS.format(instant));
        int fraction = instant.getNano();
        if (fraction != 0) {
            int digits = 9;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            String significant = Integer.toString(fraction);
            out.append('.').append("0".repeat(digits - significant.length())).append(significant);
        }
        return out.append(" +0800 CST").toString();
    }
}
