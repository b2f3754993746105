package io.github.cceupgradearchiver.config;

import java.net.ConnectException;
import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** Turns "PostgreSQL is not there" at start-up into two lines an operator can act on, instead of a stack trace. */
class DatabaseUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseUnavailableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String url = environment.getProperty("spring.datasource.url", "(spring.datasource.url not set)");
        boolean unreachable = cause.getCause() instanceof ConnectException
                || "08001".equals(cause.getSQLState()) || "08006".equals(cause.getSQLState());
        String action = unreachable
                ? "Start PostgreSQL (for example: docker compose up -d db) or point spring.datasource.url at a running server."
                : "Check spring.datasource.url, spring.datasource.username and spring.datasource.password, "
                + "and that the database exists (createdb <name>).";
        return new FailureAnalysis("Cannot use the PostgreSQL database at " + url + ": " + cause.getMessage(),
                action, cause);
    }
}
