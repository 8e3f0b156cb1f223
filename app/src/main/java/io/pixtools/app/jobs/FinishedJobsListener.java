package io.pixtools.app.jobs;

import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.settings.Roles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * In the distributed profile a job finishes in a worker's process, and the API's waiters ({@code ?wait=N}) would hear
 * of it only from {@link JobWaits}' check of the database, up to a second later. PostgreSQL tells them at once: the
 * transaction that finishes a job notifies {@value #CHANNEL} with its id ({@link JobStore#finish}), which PostgreSQL
 * delivers when it commits, and this listener wakes the job's waiters. It runs in processes with the api role and holds
 * one connection of its own (not the pool's), checked when it has been quiet for a while. When that breaks it
 * connects again; meanwhile the check of the database still wakes every waiter.
 */
@Component
public class FinishedJobsListener implements SmartLifecycle {

    static final String CHANNEL = "pixtools_job_finished";
    private static final Logger log = LoggerFactory.getLogger(FinishedJobsListener.class);
    private static final int POLL_MILLIS = 500;
    /** A connection quiet for this long is asked whether it still works: a dead peer sends nothing. */
    private static final int QUIET_POLLS_BEFORE_CHECK = 60;

    private static final long RECONNECT_MILLIS = 1000;

    private final JobWaits waits;
    private final DataSourceProperties database;
    private final boolean enabled;
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    public FinishedJobsListener(JobWaits waits, DataSourceProperties database, PixToolsProperties properties) {
        this.waits = waits;
        this.database = database;
        this.enabled = DatabaseKind.of(database) == DatabaseKind.POSTGRESQL
                && Roles.parse(properties.roles()).contains(Roles.API);
    }

    /** How many times it has started listening, reconnections included. */
    public long connections() {
        return connections.get();
    }

    @Override
    public synchronized void start() {
        if (enabled && thread == null) {
            running = true;
            thread = Thread.ofPlatform().name("pixtools-finished-jobs").daemon().start(this::listen);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server stops taking requests and after it has drained them: waiters hear until the end. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private void listen() {
        boolean failing = false;
        while (running) {
            try (Connection connection = connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                connections.incrementAndGet();
                if (failing) {
                    log.info("Listening for finished jobs again");
                    failing = false;
                }
                relay(connection);
            } catch (SQLException | RuntimeException e) {
                if (running && !failing) {
                    log.warn(
                            "Cannot listen for finished jobs ({}); waiting requests hear of them within a second"
                                    + " instead",
                            e.getMessage());
                    failing = true;
                }
                pause();
            }
        }
    }

    private Connection connect() throws SQLException {
        // Credentials may also be in the URL (?user=...&password=...), where the driver reads them.
        Properties settings = new Properties();
        String user = database.determineUsername();
        if (user != null) {
            settings.setProperty("user", user);
        }
        String password = database.determinePassword();
        if (password != null) {
            settings.setProperty("password", password);
        }
        settings.setProperty("ApplicationName", "pixtools-finished-jobs");
        settings.setProperty("connectTimeout", "2");
        settings.setProperty("socketTimeout", "10");
        settings.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(database.determineUrl(), settings);
    }

    private void relay(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        int quiet = 0;
        while (running) {
            PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
            if (received != null && received.length > 0) {
                quiet = 0;
                for (PGNotification notification : received) {
                    waits.finished(notification.getParameter());
                }
            } else if (++quiet >= QUIET_POLLS_BEFORE_CHECK) {
                quiet = 0;
                if (!connection.isValid(2)) {
                    throw new SQLException("the connection no longer answers");
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
