package io.pixtools.faults;

import io.pixtools.app.distributed.DistributedServices;
import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Outages of this machine's services that a test can cause and undo by itself (see STACK-NOTES.md): RabbitMQ's
 * application stopped and started, Redis paused, one PostgreSQL database refusing connections.
 */
final class Outages {

    private Outages() {}

    static void stopBroker() {
        run("rabbitmqctl", "stop_app");
    }

    static void startBroker() {
        run("rabbitmqctl", "start_app");
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", 5672)) {
                return;
            } catch (IOException e) {
                sleep(Duration.ofMillis(200));
            }
        }
        throw new IllegalStateException("RabbitMQ did not come back");
    }

    static void pauseRedis(Duration pause) {
        run("redis-cli", "-h", "127.0.0.1", "CLIENT", "PAUSE", Long.toString(pause.toMillis()), "ALL");
    }

    static void refuseDatabase(String database) {
        sql(
                "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
    }

    static void acceptDatabase(String database) {
        sql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }

    static void signal(long pid, String signal) {
        run("kill", "-" + signal, Long.toString(pid));
    }

    private static void sql(String... statements) {
        try (Connection connection = DriverManager.getConnection(
                        DistributedServices.POSTGRES + "postgres",
                        System.getenv().getOrDefault("PIXTOOLS_TEST_POSTGRES_USER", "postgres"),
                        System.getenv().getOrDefault("PIXTOOLS_TEST_POSTGRES_PASSWORD", ""));
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
