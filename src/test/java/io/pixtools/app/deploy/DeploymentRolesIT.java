package io.pixtools.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.distributed.DistributedServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every role of the distributed deployment starts from the built jar with the environment docker-compose.yml gives
 * it (read from the file and .env.example, not copied by hand): migrate against a fresh database (exit 0, schema at
 * the latest migration), then api, worker-standard, worker-ml and scheduler with the schema check only, and a job
 * goes through them. Only what must differ on this machine is replaced: the services' host names and the
 * credentials of this machine's PostgreSQL, Redis, RabbitMQ and the test's S3 server. Regression: the migrate role
 * exited 1 without creating the schema, so no deployment ever got tables.
 */
class DeploymentRolesIT {

    private final List<Process> processes = new ArrayList<>();
    private DistributedServices services;

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyComposeRoleStartsFromTheJarAndAJobGoesThrough() throws Exception {
        services = new DistributedServices();
        Map<String, String> dotenv = ComposeEnvironment.dotenv(Path.of(".env.example"));
        Path compose = Path.of("docker-compose.yml");

        Process migrate = start("compose-migrate", onThisMachine(ComposeEnvironment.of(compose, "migrate", dotenv), 0));
        assertThat(migrate.waitFor(3, TimeUnit.MINUTES)).as("migrate finishes").isTrue();
        assertThat(migrate.exitValue()).as("migrate exits 0; see target/deployment-roles/compose-migrate.log").isZero();
        assertThat(schemaVersion()).isEqualTo(latestMigration());

        int apiPort = freePort();
        start("compose-api", onThisMachine(ComposeEnvironment.of(compose, "api", dotenv), apiPort));
        int workerPort = freePort();
        start("compose-worker-standard", onThisMachine(ComposeEnvironment.of(compose, "worker-standard", dotenv), workerPort));
        int mlPort = freePort();
        start("compose-worker-ml", onThisMachine(ComposeEnvironment.of(compose, "worker-ml", dotenv), mlPort));
        int schedulerPort = freePort();
        start("compose-scheduler", onThisMachine(ComposeEnvironment.of(compose, "scheduler", dotenv), schedulerPort));

        ApiClient api = new ApiClient(apiPort);
        for (int port : List.of(apiPort, workerPort, mlPort, schedulerPort)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> new ApiClient(port).get("/actuator/health/readiness").getStatusCode().value() == 200);
        }
        JsonNode job = api.awaitFinished(api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"denoise\",\"metadata\"]"));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.path("result_urls").path("jpg").asText()).as("download URLs use the public URL of .env.example")
                .startsWith(dotenv.get("PIXTOOLS_API_PUBLIC_URL"));
    }

    /**
     * The file's environment with the services' host names and credentials replaced by this machine's; everything
     * else (profile, roles, Flyway, secrets, public URL) stays as the file gives it.
     */
    private Map<String, String> onThisMachine(Map<String, String> fromFile, int port) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(fromFile);
        Map<String, String> local = services.environment();
        env.put("POSTGRES_URL", services.jdbcUrl());
        env.put("POSTGRES_USER", local.get("SPRING_DATASOURCE_USERNAME"));
        env.put("POSTGRES_PASSWORD", local.get("SPRING_DATASOURCE_PASSWORD"));
        env.put("RABBITMQ_HOST", "127.0.0.1");
        env.put("RABBITMQ_USER", "guest");
        env.put("RABBITMQ_PASSWORD", "guest");
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PASSWORD", "");
        env.put("REDIS_DATABASE", String.valueOf(DistributedServices.REDIS_DATABASE));
        env.put("S3_ENDPOINT", local.get("PIXTOOLS_OBJECT_STORE_ENDPOINT"));
        env.put("S3_ACCESS_KEY", local.get("PIXTOOLS_OBJECT_STORE_ACCESS_KEY"));
        env.put("S3_SECRET_KEY", local.get("PIXTOOLS_OBJECT_STORE_SECRET_KEY"));
        env.put("PORT", String.valueOf(port));
        env.put("PIXTOOLS_DATA_DIR", Files.createTempDirectory("pixtools-roles").toString());
        return env;
    }

    private Process start(String name, Map<String, String> env) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "deployment-roles")).resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private int schemaVersion() throws Exception {
        try (Connection connection = DriverManager.getConnection(services.jdbcUrl(), services.environment().get("SPRING_DATASOURCE_USERNAME"),
                services.environment().get("SPRING_DATASOURCE_PASSWORD"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int latestMigration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("pixtools-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in target/: run ./mvnw verify"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
