package io.github.cceupgradearchiver.text;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The one way an exception chain is told to an operator: one line, the outermost message and the root cause when it
 * adds something, "database problem" when the database is in the chain, never a password from a connection URL.
 */
public final class Failures {

    /** The longest description: a driver can quote a whole statement with its parameters. */
    private static final int MAX_CHARS = 1_000;

    private Failures() {
    }

    public static String describe(@Nullable Throwable failure) {
        if (failure == null) {
            return "no cause recorded";
        }
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            root = cause;
        }
        String outer = firstLine(failure);
        String inner = firstLine(root);
        String text = outer.contains(inner) ? outer : outer + ": " + inner;
        return (fromDatabase(failure) ? "database problem: " : "") + safe(text);
    }

    /** Whether a database error (an unreachable database included) is anywhere in the chain. */
    public static boolean fromDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /** A message from outside made one safe line: credentials removed, controls escaped, capped. */
    public static String safe(String message) {
        return SafeText.storable(SafeText.loggable(SafeText.withoutCredentials(message)), MAX_CHARS);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse("");
    }
}
