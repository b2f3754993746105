package io.github.cceupgradearchiver.testsupport;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One throwaway PostgreSQL database per test run, dropped at the end. The server is, in this order:
 * the one named by {@code ARCHIVER_TEST_JDBC_URL} (with {@code ARCHIVER_TEST_JDBC_USER} and
 * {@code ARCHIVER_TEST_JDBC_PASSWORD}); a Testcontainers PostgreSQL where Docker works; the local
 * server on localhost:5432 as user postgres. Spring tests find the database through the
 * {@code spring.datasource.*} system properties set here.
 */
public final class TestPostgres implements LauncherSessionListener {

    private static PostgreSQLContainer container;
    private static String adminUrl;
    private static String user;
    private static String password;
    private static String database;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        locateServer();
        database = "archiver_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + database);
        System.setProperty("spring.datasource.url", url());
        System.setProperty("spring.datasource.username", user);
        System.setProperty("spring.datasource.password", password);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        if (container != null) {
            container.stop();
        }
    }

    /** The name of this run's database. */
    public static String database() {
        return database;
    }

    /** The JDBC URL of this run's database. */
    public static String url() {
        return url(database);
    }

    /** The JDBC URL of another database on the same server (a copy of this run's, or {@code postgres}). */
    public static String url(String database) {
        return adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    }

    public static Connection connect() throws SQLException {
        return connect(database);
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    public static String user() {
        return user;
    }

    public static String password() {
        return password;
    }

    /** The first column of every row a query returns, as text, from this run's database. */
    public static List<String> query(String sql) throws SQLException {
        return query(database, sql);
    }

    /** The first column of every row a query returns, as text, from {@code database}. */
    public static List<String> query(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private static void locateServer() {
        String explicit = System.getenv("ARCHIVER_TEST_JDBC_URL");
        if (explicit != null && !explicit.isBlank()) {
            adminUrl = explicit;
            user = System.getenv().getOrDefault("ARCHIVER_TEST_JDBC_USER", "postgres");
            password = System.getenv().getOrDefault("ARCHIVER_TEST_JDBC_PASSWORD", "");
        } else if (dockerWorks()) {
            container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            adminUrl = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
        } else {
            adminUrl = "jdbc:postgresql://localhost:5432/postgres";
            user = "postgres";
            password = "";
        }
    }

    // Asking Testcontainers without any sign of an engine costs seconds of probing and log noise.
    private static boolean dockerWorks() {
        boolean hint = System.getenv("DOCKER_HOST") != null || new File("/var/run/docker.sock").exists()
                || new File(System.getProperty("user.home"), ".testcontainers.properties").exists();
        return hint && DockerClientFactory.instance().isDockerAvailable();
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql + " failed on " + adminUrl + ": " + e.getMessage(), e);
        }
    }
}
