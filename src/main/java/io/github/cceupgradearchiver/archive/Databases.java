package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.text.Failures;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** What a database error says about whose fault it is, by its SQLSTATE (PostgreSQL appendix A). */
final class Databases {

    private Databases() {
    }

    /**
     * The database cannot be used any more (class 08 connection exception, 57P operator intervention, 53 insufficient
     * resources), or no SQLSTATE at all: the run cannot go on, whatever cluster it was writing.
     */
    static boolean unreachable(Throwable failure) {
        String state = sqlState(failure);
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }

    /**
     * PostgreSQL refused the values themselves (class 22 data exception, 23 integrity constraint, 54 program limit,
     * such as an index row too large): another value might pass.
     */
    static boolean refusedData(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /** PostgreSQL's own words, one safe line, with the SQLSTATE. */
    static String describe(Throwable failure) {
        SQLException sql = sqlException(failure);
        String message = sql == null || sql.getMessage() == null ? Failures.describe(failure)
                : Failures.safe(sql.getMessage().strip().lines().findFirst().orElse(""));
        String state = sqlState(failure);
        return state == null ? message : message + " (SQLSTATE " + state + ")";
    }

    private static @Nullable String sqlState(Throwable failure) {
        SQLException sql = sqlException(failure);
        return sql == null ? null : sql.getSQLState();
    }

    private static @Nullable SQLException sqlException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
