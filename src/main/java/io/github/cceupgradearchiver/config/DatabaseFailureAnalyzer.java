package io.github.cceupgradearchiver.config;

import io.github.cceupgradearchiver.text.Failures;
import java.net.ConnectException;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns two database failures at start-up into two lines an operator can act on, instead of a stack trace, without a
 * password: PostgreSQL is not there (or refuses the login), and a login that may not migrate the schema (a reader's
 * {@code verify} or {@code report} of a newer jar, finding the schema behind the jar).
 */
class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        // 42501: insufficient privilege, met while Flyway migrates
        FlywayException migration = findCause(rootFailure, FlywayException.class);
        if (state.equals("42501") && migration != null) {
            return migrationRefused(migration);
        }
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

    private FailureAnalysis migrationRefused(FlywayException migration) {
        String login = environment.getProperty("spring.flyway.user",
                environment.getProperty("spring.datasource.username", "(spring.datasource.username not set)"));
        return new FailureAnalysis("Flyway could not bring the archive's schema up to this jar's migrations as login "
                + Failures.safe(login) + ": " + Failures.describe(migration),
                // Not "this command with the owner's spring.flyway.user": the migrations' callback would grant this
                // command's login the writer role.
                "Run archive with its usual settings first (it migrates the schema as spring.flyway.user, or as "
                        + "spring.datasource.username when that is unset), then run this command again.", migration);
    }
}
