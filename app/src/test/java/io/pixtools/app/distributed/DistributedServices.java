package io.pixtools.app.distributed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.pixtools.app.messaging.RabbitTopology;
import io.pixtools.app.storage.EmbeddedS3Server;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The real services of the distributed profile, as this machine runs them (see STACK-NOTES.md): PostgreSQL, Redis
 * and RabbitMQ on 127.0.0.1, plus an S3 server (S3Proxy) that the tests start themselves. Each test class gets a
 * fresh database, a clean Redis database and empty PixTools queues. A missing service fails the test.
 */
public final class DistributedServices implements AutoCloseable {

    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    /** This machine's PostgreSQL trusts local connections; elsewhere give a user and password. */
    static final String POSTGRES_USER = System.getenv().getOrDefault("PIXTOOLS_TEST_POSTGRES_USER", "postgres");

    static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("PIXTOOLS_TEST_POSTGRES_PASSWORD", "");
    public static final int REDIS_DATABASE = 7;

    private final String database =
            "pixtools_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final EmbeddedS3Server s3;
    private final URI s3Endpoint;
    private final Path dataDir;

    /** With an S3 server of its own, in this JVM. */
    public DistributedServices() throws Exception {
        this(null);
    }

    /** With the S3 server at {@code s3Endpoint} (credentials test-access / test-secret-key), or one of its own when null. */
    public DistributedServices(URI externalS3) throws Exception {
        try (var connection = DriverManager.getConnection(POSTGRES + "postgres", POSTGRES_USER, POSTGRES_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/" + REDIS_DATABASE);
                StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().flushdb();
        }
        resetQueues();
        dataDir = Files.createTempDirectory("pixtools-distributed-");
        if (externalS3 == null) {
            s3 = new EmbeddedS3Server(dataDir.resolve("s3"), 0, "test-access", "test-secret-key");
            s3.start();
            s3Endpoint = s3.endpoint();
        } else {
            s3 = null;
            s3Endpoint = externalS3;
        }
    }

    public String database() {
        return database;
    }

    /** Deletes PixTools' queues and exchanges, so that the application declares them afresh. */
    public static void resetQueues() throws IOException, TimeoutException {
        try (Connection connection = rabbit().newConnection();
                Channel channel = connection.createChannel()) {
            for (String queue : RabbitTopology.QUEUES) {
                channel.queueDelete(queue);
                channel.queueDelete(RabbitTopology.deadLetterQueue(queue));
                channel.exchangeDelete(RabbitTopology.deadLetterExchange(queue));
            }
            channel.exchangeDelete("pixtools");
        }
    }

    public static ConnectionFactory rabbit() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    public String jdbcUrl() {
        return POSTGRES + database;
    }

    /** The settings a PixTools process needs to use these services, as Spring properties. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.profiles.active", "distributed");
        properties.put("spring.datasource.url", jdbcUrl());
        properties.put("spring.datasource.username", POSTGRES_USER);
        properties.put("spring.datasource.password", POSTGRES_PASSWORD);
        properties.put("spring.data.redis.database", String.valueOf(REDIS_DATABASE));
        properties.put("pixtools.object-store.endpoint", s3Endpoint.toString());
        properties.put("pixtools.object-store.access-key", "test-access");
        properties.put("pixtools.object-store.secret-key", "test-secret-key");
        properties.put("pixtools.data-dir", dataDir.resolve("app").toString());
        properties.put("pixtools.webhooks.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        properties.put("pixtools.workers.retry-delay-ms", "50");
        // Open on purpose: these tests are about the distributed machinery; AccessTests cover the keys.
        properties.put("pixtools.auth", "none");
        return properties;
    }

    /** The same settings as environment variables, for processes started from the built jar. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        properties()
                .forEach((key, value) ->
                        env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        return env;
    }

    @Override
    public void close() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        try (var connection = DriverManager.getConnection(POSTGRES + "postgres", POSTGRES_USER, POSTGRES_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // a leftover test database is harmless
        }
    }
}
