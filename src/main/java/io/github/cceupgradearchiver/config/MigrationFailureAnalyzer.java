package io.github.cceupgradearchiver.config;

import io.github.cceupgradearchiver.text.Failures;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns "Flyway could not migrate the archive's schema" into two lines an operator can act on, instead of a stack
 * trace. The usual case: a newer jar's {@code verify} or {@code report}, run as a login that does not own the schema
 * (a reader's), finds the schema behind the jar and may not migrate it.
 */
class MigrationFailureAnalyzer extends AbstractFailureAnalyzer<FlywayException> {

    private final Environment environment;

    MigrationFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, FlywayException cause) {
        String login = environment.getProperty("spring.flyway.user",
                environment.getProperty("spring.datasource.username", "(spring.datasource.username not set)"));
        return new FailureAnalysis("Flyway could not bring the archive's schema up to this jar's migrations as login "
                + Failures.safe(login) + ": " + Failures.describe(cause),
                // Not "this command with the owner's spring.flyway.user": the migrations' callback would grant this
                // command's login the writer role.
                "Run archive with its usual settings first (it migrates the schema as spring.flyway.user, or as "
                        + "spring.datasource.username when that is unset), then run this command again.", cause);
    }
}
