package io.github.cceupgradearchiver.archive;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Columns of rows as the text arrays the writers' set-based statements unnest. */
final class SqlArrays {

    private SqlArrays() {
    }

    static <T> @Nullable String[] column(List<T> rows, Function<T, @Nullable String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    // Instant.toString() is ISO 8601 in UTC with exactly the digits it has: PostgreSQL reads it back exactly
    // for every instant the normalizers admit (years 1 to 9999).
    static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
