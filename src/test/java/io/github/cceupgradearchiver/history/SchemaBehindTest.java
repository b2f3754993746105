package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Verify and report skip Flyway only when the schema is known to be current: against a database of its own on the test
 * server, every way of not knowing (no history, a newer migration in the jar, a failed one, a login that may not read
 * the history, no database, a location outside the classpath) runs Flyway.
 */
class SchemaBehindTest {

    static String database;
    static String login;
    final Map<String, Object> properties = new LinkedHashMap<>();

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = TestPostgres.database() + "_schema";
        login = database + "_stranger";
        try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
            sql.execute("CREATE ROLE " + login + " LOGIN PASSWORD 'stranger'");
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection admin = TestPostgres.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            sql.execute("DROP ROLE IF EXISTS " + login);
        }
    }

    @BeforeEach
    void emptyDatabase() throws SQLException {
        execute("DROP SCHEMA IF EXISTS upgrade_history CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        properties.put("spring.datasource.url", TestPostgres.url(database));
        properties.put("spring.datasource.username", TestPostgres.user());
        properties.put("spring.datasource.password", TestPostgres.password());
        properties.put("spring.flyway.locations", "classpath:db/migration");
    }

    @Test
    void aFreshDatabaseIsBehind() {
        assertThat(behind()).isTrue();
    }

    @Test
    void aDatabaseMigratedToTheNewestMigrationIsCurrent() {
        migrate();
        assertThat(behind()).isFalse();
    }

    @Test
    void aJarWithANewerMigrationThanTheSchemaIsBehind() throws SQLException {
        migrate();
        execute("DELETE FROM flyway_schema_history WHERE installed_rank = (SELECT max(installed_rank) FROM"
                + " flyway_schema_history WHERE version IS NOT NULL)");
        assertThat(behind()).isTrue();
    }

    @Test
    void aFailedMigrationIsBehind() throws SQLException {
        migrate();
        execute("UPDATE flyway_schema_history SET success = false WHERE version = '1'");
        assertThat(behind()).isTrue();
    }

    @Test
    void aLoginThatMayNotReadTheHistoryCannotTellSoFlywayRuns() {
        migrate();
        properties.put("spring.datasource.username", login);
        properties.put("spring.datasource.password", "stranger");
        assertThat(behind()).isTrue();
    }

    @Test
    void flywaysOwnLoginReadsTheHistoryWhenOneIsSet() {
        migrate();
        properties.put("spring.datasource.username", login);
        properties.put("spring.datasource.password", "stranger");
        properties.put("spring.flyway.user", TestPostgres.user());
        properties.put("spring.flyway.password", TestPostgres.password());
        assertThat(behind()).isFalse();
    }

    @Test
    void noDatabaseCannotTellSoFlywayRunsAndExplains() {
        properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/" + database);
        assertThat(behind()).isTrue();
    }

    @Test
    void aLocationOutsideTheClasspathCannotBeListedSoFlywayRuns() {
        migrate();
        properties.put("spring.flyway.locations", "classpath:db/migration,filesystem:/etc/archiver/migrations");
        assertThat(behind()).isTrue();
    }

    @Test
    void flywaySwitchedOffIsNeverImported() {
        properties.put("spring.flyway.enabled", "false");
        assertThat(behind()).isFalse();
    }

    static Stream<Arguments> filenames() {
        return Stream.of(
                arguments("V7__least_privilege_and_signed_seals.sql", "7"),
                arguments("V1_2__a_point_release.sql", "1.2"),
                arguments("V10__after_nine.sql", "10"),
                arguments("V7.sql", null),
                arguments("V__no_version.sql", null),
                arguments("Vseven__not_a_number.sql", null),
                arguments("V7__not_sql.txt", null),
                arguments("R__repeatable.sql", null),
                arguments("afterMigrate__grant_writer.sql", null),
                arguments(null, null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("filenames")
    void migrationVersionsAreReadFromFilenamesAsFlywayReadsThem(@Nullable String filename, @Nullable String version) {
        MigrationVersion read = SchemaBehind.versionOf(filename, new FlywayProperties());
        assertThat(read == null ? null : read.getVersion()).isEqualTo(version);
    }

    @Test
    void versionsCompareAsNumbersNotText() {
        assertThat(MigrationVersion.fromVersion("10")).isGreaterThan(MigrationVersion.fromVersion("9"));
    }

    private boolean behind() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return new SchemaBehind().matches(new Context(environment), null);
    }

    private void migrate() {
        Flyway.configure().dataSource(TestPostgres.url(database), TestPostgres.user(), TestPostgres.password())
                .locations("classpath:db/migration").placeholders(Map.of("archiver_login", TestPostgres.user()))
                .load().migrate();
    }

    private static void execute(String statement) throws SQLException {
        try (Connection connection = TestPostgres.connect(database); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private record Context(Environment environment) implements ConditionContext {
        @Override
        public BeanDefinitionRegistry getRegistry() {
            throw new UnsupportedOperationException();
        }

        @Override
        public @Nullable ConfigurableListableBeanFactory getBeanFactory() {
            return null;
        }

        @Override
        public Environment getEnvironment() {
            return environment;
        }

        @Override
        public ResourceLoader getResourceLoader() {
            return new DefaultResourceLoader();
        }

        @Override
        public @Nullable ClassLoader getClassLoader() {
            return SchemaBehind.class.getClassLoader();
        }
    }
}
