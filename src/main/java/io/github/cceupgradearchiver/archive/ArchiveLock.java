package io.github.cceupgradearchiver.archive;

import com.zaxxer.hikari.HikariConfig;
import io.github.cceupgradearchiver.text.Failures;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One archive run at a time: a PostgreSQL advisory lock held for the whole run on a connection of its
 * own, outside the pool, so that it is released the moment the process dies, however it dies. That also
 * makes it proof: when the lock is free, no earlier run is still alive.
 */
final class ArchiveLock implements AutoCloseable {

    // Two int keys ("CCEA", "RCHV") so that pg_locks shows them as classid/objid. Advisory locks belong to one
    // database: archives in other databases of the same server have their own.
    private static final int KEY_1 = 0x43434541;
    private static final int KEY_2 = 0x52434856;

    private static final String HOLDER = """
            SELECT a.pid, a.application_name, coalesce(host(a.client_addr), 'local socket') AS client, a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ? AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """;

    private static final long WATCH_EVERY_SECONDS = 5;

    private final Connection connection;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "archive-lock-watch");
        thread.setDaemon(true);
        return thread;
    });

    private ArchiveLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Calls {@code onLoss} once if the lock's connection dies while the run goes on: PostgreSQL has then
     * released the lock, and another run could start beside this one.
     */
    void watch(Runnable onLoss) {
        watchdog.scheduleWithFixedDelay(() -> {
            if (!valid()) {
                onLoss.run();
                watchdog.shutdown();
            }
        }, WATCH_EVERY_SECONDS, WATCH_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private boolean valid() {
        try {
            return connection.isValid((int) WATCH_EVERY_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The lock, or empty with the holder described in {@link #holder} when another run has it. */
    static Optional<ArchiveLock> tryAcquire(DataSource dataSource) throws SQLException {
        Connection connection = open(dataSource);
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            statement.setInt(1, KEY_1);
            statement.setInt(2, KEY_2);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new ArchiveLock(connection));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    /** Who holds the lock, for the message of a refused run. */
    static String holder(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(HOLDER)) {
            statement.setInt(1, KEY_1);
            statement.setInt(2, KEY_2);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                        ? String.format("'%s' (PostgreSQL backend %d, from %s, connected %s)", rs.getString(2),
                                rs.getInt(1), rs.getString(3), rs.getTimestamp(4).toInstant())
                        : "a run that has just finished";
            }
        } catch (SQLException e) {
            return "another run (its details could not be read: " + Failures.describe(e) + ")";
        }
    }

    /**
     * Unlocks before disconnecting: the server frees a session's locks only once it has noticed the disconnect.
     * A connection already lost holds no lock any more; that is not an error of the run.
     */
    @Override
    public void close() {
        watchdog.shutdownNow();
        try (connection; PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            statement.setInt(1, KEY_1);
            statement.setInt(2, KEY_2);
            statement.execute();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }

    private static Connection open(DataSource dataSource) throws SQLException {
        if (!(dataSource instanceof HikariConfig pool)) {
            return dataSource.getConnection();
        }
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", "cce-upgrade-archiver archive " + ManagementFactory.getRuntimeMXBean().getName());
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }
}
