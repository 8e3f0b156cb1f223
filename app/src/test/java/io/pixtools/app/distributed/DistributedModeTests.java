package io.pixtools.app.distributed;

import static io.pixtools.testing.TestImages.fixture;
import static io.pixtools.testing.Zips.unzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplication;
import io.pixtools.app.messaging.RabbitTopology;
import io.pixtools.app.settings.PixToolsProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The distributed profile against the RabbitMQ, Redis and PostgreSQL that run on this machine and an S3 server
 * started by the test: a job through the queues, the broker topology, the dead-letter path, and one Idempotency-Key
 * sent to two API instances at once.
 */
class DistributedModeTests extends DistributedApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AmqpAdmin amqp;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    CachingConnectionFactory connections;

    @Autowired
    CamelContext camel;

    @Autowired
    S3Client s3;

    @Autowired
    PixToolsProperties properties;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void aJobGoesThroughRabbitMqToCompletion() throws Exception {
        String jobId = api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\",\"webp\",\"metadata\"]")
                .key(UUID.randomUUID().toString())
                .send()
                .getBody()
                .path("job_id")
                .asText();

        JsonNode job = api.awaitFinished(jobId);

        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("metadata").path("camera_make").asText()).isEqualTo("Canon");
        byte[] zip = api.download(job.path("archive_url").asText()).getBody();
        assertThat(unzip(zip)).containsOnlyKeys("camera.jpg", "camera.webp", "camera-metadata.json");

        JsonNode health = api.get("/api/health").getBody();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("checks").path("queue").path("detail").asText())
                .contains("default_queue")
                .contains("consumers");
        assertThat(health.path("checks")
                        .path("idempotency_store")
                        .path("detail")
                        .asText())
                .contains("Redis");
        assertThat(api.get("/actuator/health/readiness")
                        .getBody()
                        .path("status")
                        .asText())
                .isEqualTo("UP");
    }

    @Test
    void queuesAreDurableQuorumQueuesWithTheirOwnDeadLetterQueues() throws Exception {
        JsonNode queues = JSON.readTree(rabbitmqctl("list_queues", "name", "durable", "type", "arguments"));
        for (String name : RabbitTopology.QUEUES) {
            JsonNode queue = find(queues, name);
            assertThat(queue.path("durable").asBoolean()).as(name).isTrue();
            assertThat(queue.path("type").asText()).as(name).isEqualTo("quorum");
            assertThat(argument(queue, "x-dead-letter-exchange")).isEqualTo(name + ".dlx");
            assertThat(argument(queue, "x-dead-letter-routing-key")).isEqualTo(name + ".dlq");
            assertThat(argument(queue, "x-delivery-limit")).isEqualTo("5");
            JsonNode dlq = find(queues, name + ".dlq");
            assertThat(dlq.path("durable").asBoolean()).isTrue();
            assertThat(dlq.path("type").asText()).isEqualTo("quorum");
        }
        JsonNode exchanges = JSON.readTree(rabbitmqctl("list_exchanges", "name", "type", "durable"));
        for (String name : List.of("pixtools", "default_queue.dlx", "ml_inference_queue.dlx")) {
            assertThat(find(exchanges, name).path("durable").asBoolean())
                    .as(name)
                    .isTrue();
            assertThat(find(exchanges, name).path("type").asText()).as(name).isEqualTo("direct");
        }
        assertThat(connections.isPublisherConfirms())
                .as("correlated publisher confirms: the API waits for the broker")
                .isTrue();
        assertThat(connections.isSimplePublisherConfirms()).isFalse();
    }

    /**
     * S3 answers NoSuchKey for an output its lifecycle rule deleted before the pruner removed the job: the download
     * is 410 Gone, and the archive is not built without it.
     */
    @Test
    void anOutputDeletedFromS3IsGone() {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");
        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        s3.deleteObject(d -> d.bucket(properties.objectStore().bucket()).key("jobs/" + jobId + "/webp.webp"));

        ResponseEntity<JsonNode> result =
                api.get(job.path("result_urls").path("webp").asText());
        ResponseEntity<JsonNode> archive = api.get(job.path("archive_url").asText());

        assertThat(result.getStatusCode().value()).isEqualTo(410);
        assertThat(result.getBody().path("message").asText())
                .contains("result 'webp' is no longer in the object store");
        assertThat(archive.getStatusCode().value()).isEqualTo(410);
        assertThat(archive.getBody().path("message").asText()).contains("its entry camera.webp");
        assertThat(api.download(job.path("result_urls").path("jpg").asText())
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    /** A task whose original is gone fails on every retry: it lands in the dead-letter queue, and its job is FAILED. */
    @Test
    void aTaskThatAlwaysFailsIsDeadLetteredAndItsJobFails() {
        String jobId = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update("""
                INSERT INTO jobs (job_id, status, operations, operation_params, source_key, source_name, source_format,
                                  source_bytes, source_width, source_height, created_at, updated_at, expires_at)
                VALUES (?, 'PENDING', '["jpg"]', '{}', ?, 'gone', 'jpeg', 1, 1, 1, ?, ?, ?)""", jobId, "jobs/" + jobId + "/original.jpg", now, now, now.plusHours(1));
        long deadBefore = deadLetters();
        String task = "{\"job_id\":\"" + jobId + "\",\"operation\":\"jpg\",\"params\":null,\"source_key\":\"jobs/"
                + jobId + "/original.jpg\",\"source_name\":\"gone\",\"operation_count\":1}";
        rabbit.convertAndSend("pixtools", "default_queue", task.getBytes(StandardCharsets.UTF_8));

        JsonNode job = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/jobs/" + jobId).getBody(),
                        j -> "FAILED".equals(j.path("status").asText()));

        assertThat(job.path("error_message").asText())
                .isEqualTo("1 of 1 operations failed. jpg: the original image is missing from the object store");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() == deadBefore + 1);
    }

    /**
     * A task that meets a database outage longer than its retries waits for the database instead of failing its job
     * (or, when not even the failure can be recorded, being dead-lettered and leaving the job to the recovery sweep).
     */
    @Test
    void aTaskInFlightWaitsOutADatabaseOutage() throws Exception {
        var worker = camel.getRouteController();
        worker.suspendRoute("convert");
        String jobId;
        try {
            jobId = api.submit()
                    .file(fixture("camera.jpg"))
                    .operations("[\"jpg\"]")
                    .send()
                    .getBody()
                    .path("job_id")
                    .asText();
            refuseConnections(true);
        } finally {
            worker.resumeRoute("convert");
        }
        // Retries alone (6, from 50 ms doubling) would be used up in about 3 s.
        Thread.sleep(6000);
        refuseConnections(false);

        JsonNode job = api.awaitFinished(jobId);

        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("result_urls").path("jpg").asText()).isNotBlank();
    }

    private void refuseConnections(boolean refuse) throws Exception {
        try (var connection = DriverManager.getConnection(
                        DistributedServices.POSTGRES + "postgres",
                        DistributedServices.POSTGRES_USER,
                        DistributedServices.POSTGRES_PASSWORD);
                var statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + services.database() + " ALLOW_CONNECTIONS " + !refuse);
            if (refuse) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + services.database() + "'");
            }
        }
    }

    /** The distributed profile faces a network: its API does not start open by accident. */
    @Test
    void anApiWithoutKeysRefusesToStartUnlessTold() {
        List<String> args = new ArrayList<>();
        services.properties().forEach((key, value) -> {
            if (!key.equals("pixtools.auth")) {
                args.add("--" + key + "=" + value);
            }
        });
        args.addAll(List.of("--pixtools.roles=api", "--server.port=0"));
        assertThatThrownBy(() -> new SpringApplicationBuilder(PixToolsApplication.class)
                        .run(args.toArray(String[]::new))
                        .close())
                .hasStackTraceContaining("No API key exists")
                .hasStackTraceContaining("PIXTOOLS_AUTH=none");
    }

    /** Twenty clients send one request with one key to two API instances at once: exactly one job exists. */
    @Test
    void oneKeySentToTwoApiInstancesAtOnceMakesOneJob() throws Exception {
        List<String> args = new ArrayList<>();
        services.properties().forEach((key, value) -> args.add("--" + key + "=" + value));
        args.addAll(List.of("--pixtools.roles=api", "--server.port=0"));
        try (ConfigurableApplicationContext other =
                new SpringApplicationBuilder(PixToolsApplication.class).run(args.toArray(String[]::new))) {
            ApiClient otherApi = new ApiClient(
                    ((WebServerApplicationContext) other).getWebServer().getPort());
            String key = UUID.randomUUID().toString();
            int clients = 20;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ResponseEntity<JsonNode>>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ApiClient target = i % 2 == 0 ? api : otherApi;
                futures.add(pool.submit(() -> {
                    start.await();
                    return target.submit()
                            .file(fixture("camera.jpg"))
                            .operations("[\"jpg\"]")
                            .key(key)
                            .send();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<ResponseEntity<JsonNode>> future : futures) {
                statuses.add(future.get().getStatusCode().value());
            }
            pool.shutdown();

            // 409 (in progress) only when a request overlaps the first one; a later one replays with 200.
            assertThat(statuses).isSubsetOf(202, 200, 409);
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE idempotency_key = ?", Integer.class, key))
                    .isOne();
            Map<?, ?> replay = JSON.convertValue(
                    otherApi.submit()
                            .file(fixture("camera.jpg"))
                            .operations("[\"jpg\"]")
                            .key(key)
                            .send()
                            .getBody(),
                    Map.class);
            assertThat(replay.get("job_id"))
                    .isEqualTo(jdbc.queryForObject(
                            "SELECT job_id FROM jobs WHERE idempotency_key = ?", String.class, key));
        }
    }

    private long deadLetters() {
        var info = amqp.getQueueInfo(RabbitTopology.deadLetterQueue("default_queue"));
        return info == null ? 0 : info.getMessageCount();
    }

    private static String rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "--quiet"));
        command.addAll(List.of(args));
        command.addAll(List.of("--formatter", "json"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output.substring(output.indexOf('['));
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " not found in " + list);
    }

    private static String argument(JsonNode queue, String name) {
        for (JsonNode argument : queue.path("arguments")) {
            if (argument.get(0).asText().equals(name)) {
                return argument.get(2).asText();
            }
        }
        return null;
    }
}
