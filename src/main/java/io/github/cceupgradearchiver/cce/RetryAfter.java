package io.github.cceupgradearchiver.cce;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
final class RetryAfter {

    private RetryAfter() {
    }

    static @Nullable Duration parse(@Nullable String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            return text.length() > 9 ? Duration.ofDays(365) : Duration.ofSeconds(Long.parseLong(text));
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
