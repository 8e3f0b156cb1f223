package io.pixtools.app.deploy;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pixtools.app.ApiClient;
import io.pixtools.app.BuiltJar;
import io.pixtools.app.access.ApiKeySecrets;
import io.pixtools.app.distributed.DistributedServices;
import io.pixtools.testing.FreePorts;
import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.net.URI;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every role of the distributed deployment starts from the built jar, prepared and started as the container image does
 * (app/launch.sh: the jar extracted with its AOT cache and the image's JVM options), with the environment
 * docker-compose.yml, and then the K3s manifests, give it (read from the files, not copied by hand): migrate against a
 * fresh database (exit 0, schema at the latest migration), then api, worker-standard, worker-ml and scheduler with the
 * schema check only, and a job goes through them. Only what must differ on this machine is replaced: the services'
 * host names and the credentials of this machine's PostgreSQL, Redis, RabbitMQ and the test's S3 server. Regression:
 * the migrate role exited 1 without creating the schema, so no deployment ever got tables.
 */
class DeploymentRolesIT {

    /** Where the jar is prepared as the Dockerfile prepares it in /opt/pixtools/app. */
    private static final Path IMAGE =
            Path.of("target", "deployment-roles", "image").toAbsolutePath();

    private final List<Process> processes = new ArrayList<>();
    private DistributedServices services;

    /** The Dockerfile's RUN step: extract the jar and record its AOT cache with the image's JVM options. */
    @BeforeAll
    static void prepareAsTheImageDoes() throws Exception {
        Path log = Files.createDirectories(IMAGE.getParent()).resolve("image-prepare.log");
        ProcessBuilder prepare = new ProcessBuilder(
                        launchScript(),
                        "prepare",
                        BuiltJar.path().toAbsolutePath().toString(),
                        IMAGE.toString(),
                        fixture("camera.jpg").toAbsolutePath().toString(),
                        RepositoryFiles.path("app/jvm.options").toString(),
                        RepositoryFiles.path("app/container.jvm.options").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        prepare.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = prepare.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("prepared").isTrue();
        assertThat(process.exitValue()).as("see %s", log).isZero();
        assertThat(IMAGE.resolve("pixtools.aot"))
                .as("the AOT cache, see %s", log)
                .isNotEmptyFile();
    }

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
        Map<String, String> dotenv = ComposeEnvironment.dotenv(RepositoryFiles.path(".env.example"));
        Path compose = RepositoryFiles.path("docker-compose.yml");
        Map<String, Map<String, String>> roles = new LinkedHashMap<>();
        for (String role : List.of("migrate", "api", "worker-standard", "worker-ml", "scheduler")) {
            roles.put(role, ComposeEnvironment.of(compose, role, dotenv));
        }
        migrateThenRunAJob("compose", roles, dotenv.get("PIXTOOLS_API_PUBLIC_URL"));
    }

    /**
     * The same with the environment the K3s manifests give each pod: the dev overlay rendered by deploy.sh (the
     * ConfigMap, the Deployment's and the Job's own variables, the Secret's keys), the bucket made beforehand as
     * Terraform makes it. Besides the host names and credentials, only S3 differs here: a local endpoint with
     * path-style addressing instead of AWS.
     */
    @Test
    void everyKubernetesRoleStartsFromTheJarAndAJobGoesThrough() throws Exception {
        services = new DistributedServices();
        List<RenderedManifests.Manifest> manifests = RenderedManifests.deployed("dev");
        Map<String, String> secrets = Map.of(
                "PIXTOOLS_WEBHOOKS_SECRET",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "PIXTOOLS_API_KEYS",
                ApiKeySecrets.newKey());
        Map<String, Map<String, String>> roles = new LinkedHashMap<>();
        Job job = RenderedManifests.all(manifests, "Job", Job.class).getFirst();
        roles.put(
                "migrate",
                RenderedManifests.environment(
                        manifests,
                        job.getSpec().getTemplate().getSpec().getContainers().getFirst(),
                        secrets));
        for (String role : List.of("api", "worker-standard", "worker-ml", "scheduler")) {
            roles.put(role, RenderedManifests.environment(manifests, "pixtools-" + role, secrets));
        }
        roles.values()
                .forEach(env -> assertThat(env)
                        .as("PIXTOOLS_ROLES given by the manifests")
                        .containsKey("PIXTOOLS_ROLES"));
        String bucket = roles.get("api").get("S3_BUCKET");
        Map<String, String> local = services.environment();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(local.get("PIXTOOLS_OBJECT_STORE_ENDPOINT")))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        local.get("PIXTOOLS_OBJECT_STORE_ACCESS_KEY"), local.get("PIXTOOLS_OBJECT_STORE_SECRET_KEY"))))
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        migrateThenRunAJob("k8s", roles, roles.get("api").get("PIXTOOLS_API_PUBLIC_URL"));
    }

    private void migrateThenRunAJob(String source, Map<String, Map<String, String>> roles, String publicUrl)
            throws Exception {
        Process migrate = start(source + "-migrate", onThisMachine(roles.get("migrate"), 0));
        assertThat(migrate.waitFor(3, TimeUnit.MINUTES)).as("migrate finishes").isTrue();
        assertThat(migrate.exitValue())
                .as("migrate exits 0; see target/deployment-roles/%s-migrate.log", source)
                .isZero();
        assertThat(schemaVersion()).isEqualTo(latestMigration());

        List<Integer> ports = new ArrayList<>();
        for (String role : List.of("api", "worker-standard", "worker-ml", "scheduler")) {
            int port = FreePorts.any();
            Map<String, String> env = onThisMachine(roles.get(role), port);
            assertThat(env.get("SPRING_FLYWAY_ENABLED"))
                    .as("%s only checks the schema", role)
                    .isEqualTo("false");
            start(source + "-" + role, env);
            ports.add(port);
        }
        for (int port : ports) {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> new ApiClient(port)
                                    .get("/actuator/health/readiness")
                                    .getStatusCode()
                                    .value()
                            == 200);
        }
        String key = roles.get("api").get("PIXTOOLS_API_KEYS");
        assertThat(key).as("the files give the API its keys").isNotBlank();
        assertThat(new ApiClient(ports.getFirst())
                        .get("/api/jobs/" + java.util.UUID.randomUUID())
                        .getStatusCode()
                        .value())
                .as("without a key the API refuses")
                .isEqualTo(401);
        ApiClient api = new ApiClient(ports.getFirst(), key.split(",")[0]);
        JsonNode job =
                api.awaitFinished(api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"denoise\",\"metadata\"]"));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.path("result_urls").path("jpg").asText())
                .as("download URLs use the configured public URL")
                .startsWith(publicUrl);
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
        env.put("PIXTOOLS_OBJECT_STORE_ENDPOINT", local.get("PIXTOOLS_OBJECT_STORE_ENDPOINT"));
        env.put("S3_PATH_STYLE", "true");
        env.put("S3_ACCESS_KEY", local.get("PIXTOOLS_OBJECT_STORE_ACCESS_KEY"));
        env.put("S3_SECRET_KEY", local.get("PIXTOOLS_OBJECT_STORE_SECRET_KEY"));
        env.put("PORT", String.valueOf(port));
        env.put("PIXTOOLS_DATA_DIR", Files.createTempDirectory("pixtools-roles").toString());
        return env;
    }

    private Process start(String name, Map<String, String> env) throws IOException {
        Path log =
                Files.createDirectories(Path.of("target", "deployment-roles")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(launchScript(), "start", IMAGE.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private int schemaVersion() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        services.jdbcUrl(),
                        services.environment().get("SPRING_DATASOURCE_USERNAME"),
                        services.environment().get("SPRING_DATASOURCE_PASSWORD"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int latestMigration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }
    }

    private static String launchScript() {
        return RepositoryFiles.path("app/launch.sh").toString();
    }
}
