package io.pixtools.app.jobs;

import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.settings.Roles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
 * one connection of its own (not the pool's). When that breaks it connects again; meanwhile the check of the database
 * still wakes every waiter.
 */
@Component
public class FinishedJobsListener implements SmartLifecycle {

    static final String CHANNEL = "pixtools_job_finished";
    private static final Logger log = LoggerFactory.getLogger(FinishedJobsListener.class);
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1000;

    private final JobWaits waits;
    private final DataSourceProperties database;
    private final boolean enabled;
    private volatile boolean running;
    private Thread thread;

    public FinishedJobsListener(JobWaits waits, DataSourceProperties database, PixToolsProperties properties) {
        this.waits = waits;
        this.database = database;
        this.enabled = postgres(database) && Roles.parse(properties.roles()).contains(Roles.API);
    }

    /** Whether the database is PostgreSQL, whose transactions can notify listeners. */
    static boolean postgres(DataSourceProperties database) {
        String url = database.getUrl();
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    @Override
    public void start() {
        if (enabled && !running) {
            running = true;
            thread = Thread.ofPlatform().name("pixtools-finished-jobs").daemon().start(this::listen);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        boolean failing = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(
                            database.determineUrl(), database.determineUsername(), database.determinePassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                if (failing) {
                    log.info("Listening for finished jobs again");
                    failing = false;
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            waits.finished(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running && !failing) {
                    log.warn(
                            "Cannot listen for finished jobs ({}); waiting requests hear of them within {} instead",
                            e.getMessage(),
                            JobWaits.CHECK);
                    failing = true;
                }
                pause();
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
