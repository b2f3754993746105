package io.github.cceupgradearchiver.config;

import io.github.cceupgradearchiver.text.Failures;
import java.net.ConnectException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** Turns "PostgreSQL is not there" at start-up into two lines an operator can act on, instead of a stack trace, without a password. */
class DatabaseUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseUnavailableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        // 08: connection exception, 28: invalid authorization, 3D000: no such database; anything else is not ours
        boolean unreachable = cause.getCause() instanceof ConnectException || state.startsWith("08");
        if (!unreachable && !state.startsWith("28") && !state.equals("3D000")) {
            return null;
        }
        String url = environment.getProperty("spring.datasource.url", "(spring.datasource.url not set)");
        String action = unreachable
                ? "Start PostgreSQL (for example: docker compose up -d db) or point spring.datasource.url at a running server."
                : "Check spring.datasource.url, spring.datasource.username and spring.datasource.password, "
                + "and that the database exists (createdb <name>).";
        // The URL may carry a password (?password=..., user:secret@host): never print it.
        return new FailureAnalysis(Failures.safe("Cannot use the PostgreSQL database at " + url + ": " + cause.getMessage()),
                action, cause);
    }
}
