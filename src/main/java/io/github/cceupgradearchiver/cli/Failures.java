package io.github.cceupgradearchiver.cli;

import java.net.ConnectException;
import java.sql.SQLException;

/** One readable line for an exception chain: operators get the cause, not a stack trace. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        boolean database = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            database |= cause instanceof SQLException || cause instanceof ConnectException;
            root = cause;
        }
        String outer = firstLine(failure);
        String inner = firstLine(root);
        String text = outer.contains(inner) ? outer : outer + ": " + inner;
        return database ? "database problem: " + text : text;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse("");
    }
}
