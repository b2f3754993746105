package io.github.cceupgradearchiver.history;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the archive's schema is known to be current, for the commands that only read the archive (verify,
 * report): building Flyway and validating every applied migration is most of their start-up otherwise. Current means
 * that the schema history's newest version is the newest migration on the classpath and no migration failed; it is
 * read as Flyway would read it (spring.flyway.* over spring.datasource.*). Anything this cannot tell (no history, a
 * location outside the classpath, a login that may not read the history, no database) matches, and Flyway runs and
 * explains as before. Not validated then: the applied migrations' checksums, which the schema owner can rewrite anyway
 * (verify checks the archive's definitions in pg_catalog). {@code archive} always runs Flyway, validation included:
 * its afterMigrate callback grants the runtime login its role.
 */
public final class SchemaBehind implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.PARSE_CONFIGURATION; // once, before any bean: it opens a connection
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        FlywayProperties flyway = binder.bind("spring.flyway", FlywayProperties.class).orElseGet(FlywayProperties::new);
        if (!flyway.isEnabled()) {
            return false;
        }
        DataSourceProperties dataSource = binder.bind("spring.datasource", DataSourceProperties.class)
                .orElseGet(DataSourceProperties::new);
        Optional<MigrationVersion> newest = newestOnClasspath(flyway, new PathMatchingResourcePatternResolver(
                context.getClassLoader()));
        return newest.isEmpty() || !newest.equals(applied(flyway, dataSource));
    }

    /** The newest versioned migration of the locations; empty if any is not a plain classpath location. */
    static Optional<MigrationVersion> newestOnClasspath(FlywayProperties flyway, PathMatchingResourcePatternResolver resolver) {
        MigrationVersion newest = null;
        for (String location : flyway.getLocations()) {
            if (!location.startsWith("classpath:") || location.contains("{") || location.contains("*")) {
                return Optional.empty();
            }
            try {
                for (Resource resource : resolver.getResources("classpath*:" + location.substring("classpath:".length())
                        .replaceAll("/+$", "") + "/**/" + flyway.getSqlMigrationPrefix() + "*")) {
                    MigrationVersion version = versionOf(resource.getFilename(), flyway);
                    if (version != null && (newest == null || version.compareTo(newest) > 0)) {
                        newest = version;
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(newest);
    }

    /** "V7__least_privilege.sql" is version 7, "V1_2__x.sql" 1.2; a file that is no versioned migration, none. */
    static @Nullable MigrationVersion versionOf(@Nullable String filename, FlywayProperties flyway) {
        String prefix = flyway.getSqlMigrationPrefix();
        int separator = filename == null ? -1 : filename.indexOf(flyway.getSqlMigrationSeparator());
        if (separator <= prefix.length() || !filename.startsWith(prefix)
                || flyway.getSqlMigrationSuffixes().stream().noneMatch(filename::endsWith)) {
            return null;
        }
        try {
            return MigrationVersion.fromVersion(filename.substring(prefix.length(), separator).replace('_', '.'));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The newest version the schema history records, if it can be read and every migration in it succeeded. */
    private static Optional<MigrationVersion> applied(FlywayProperties flyway, DataSourceProperties dataSource) {
        String schema = flyway.getDefaultSchema() != null ? flyway.getDefaultSchema()
                : flyway.getSchemas().isEmpty() ? null : flyway.getSchemas().get(0);
        String table = (schema == null ? "" : quoted(schema) + ".") + quoted(flyway.getTable());
        MigrationVersion newest = null;
        try (Connection connection = DriverManager.getConnection(
                flyway.getUrl() != null ? flyway.getUrl() : dataSource.determineUrl(),
                flyway.getUser() != null ? flyway.getUser() : dataSource.determineUsername(),
                flyway.getPassword() != null ? flyway.getPassword() : dataSource.determinePassword());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, success FROM " + table)) {
            while (rows.next()) {
                if (!rows.getBoolean("success")) {
                    return Optional.empty();
                }
                String version = rows.getString("version");
                MigrationVersion applied = version == null ? null : MigrationVersion.fromVersion(version);
                if (applied != null && (newest == null || applied.compareTo(newest) > 0)) {
                    newest = applied;
                }
            }
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(newest);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
