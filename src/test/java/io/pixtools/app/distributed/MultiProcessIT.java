package io.pixtools.app.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar as separate processes on loopback: one API (with the scheduler), two standard workers and one ML
 * worker, on the RabbitMQ, Redis and PostgreSQL of this machine. 100 jobs go in, every tenth with a denoise; one
 * standard worker is killed with SIGKILL a third of the way; every job must still complete. Runs after packaging
 * (failsafe), so it uses the real jar.
 */
class MultiProcessIT {

    private static final int JOBS = 100;
    private static final int DENOISE_EVERY = 10;

    private final List<Process> processes = new ArrayList<>();
    private DistributedServices services;

    @AfterEach
    void stop() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (Process process : processes) {
            process.waitFor();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void noJobIsLostWhenAWorkerIsKilled() throws Exception {
        services = new DistributedServices();
        int apiPort = freePort();
        Process api = start("api", apiPort, Map.of("PIXTOOLS_ROLES", "api,scheduler",
                "PIXTOOLS_JOBS_STUCK_AFTER", "30s", "PIXTOOLS_JOBS_RECOVER_PERIOD_MS", "5000", "PIXTOOLS_JOBS_RECOVER_DELAY_MS", "5000"));
        int firstPort = freePort();
        Process first = start("worker-1", firstPort, Map.of("PIXTOOLS_ROLES", "worker-standard"));
        int secondPort = freePort();
        start("worker-2", secondPort, Map.of("PIXTOOLS_ROLES", "worker-standard"));
        int mlPort = freePort();
        start("worker-ml", mlPort, Map.of("PIXTOOLS_ROLES", "worker-ml"));
        ApiClient client = new ApiClient(apiPort);
        awaitUp(client, "/api/health");
        awaitUp(new ApiClient(firstPort), "/actuator/health");
        awaitUp(new ApiClient(secondPort), "/actuator/health");
        awaitUp(new ApiClient(mlPort), "/actuator/health");
        assertThat(new ApiClient(firstPort).get("/api/health").getStatusCode().value())
                .as("a worker serves no API, only health and metrics").isEqualTo(404);

        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String operations = i % DENOISE_EVERY == 0 ? "[\"jpg\",\"denoise\",\"metadata\"]" : "[\"jpg\",\"webp\",\"metadata\"]";
            var response = client.submit().file(fixture("camera.jpg")).operations(operations)
                    .key("multi-" + i).send();
            assertThat(response.getStatusCode().value()).as("job %d: %s", i, response.getBody()).isEqualTo(202);
            jobIds.add(response.getBody().path("job_id").asText());
            if (i == JOBS / 3) {
                first.destroyForcibly();
                assertThat(first.waitFor()).as("SIGKILL").isEqualTo(137);
                System.out.println("[multi-process] killed worker-1 with SIGKILL after " + (i + 1) + " jobs were submitted");
            }
        }

        Instant start = Instant.now();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> unfinished(client, jobIds) == 0);
        long completed = jobIds.stream().filter(id -> "COMPLETED".equals(status(client, id))).count();
        long lost = JOBS - completed;
        System.out.printf("[multi-process] %d jobs, %d completed, lost jobs: %d (all finished %d s after the last submission)%n",
                JOBS, completed, lost, Duration.between(start, Instant.now()).toSeconds());
        assertThat(lost).isZero();
        for (int i = 0; i < JOBS; i += DENOISE_EVERY) {
            JsonNode job = client.get("/api/jobs/" + jobIds.get(i)).getBody();
            var denoised = client.download(job.path("result_urls").path("denoise").asText());
            assertThat(denoised.getHeaders().getContentType()).as("job %d: %s", i, job).hasToString("image/png");
        }
        logsAreJsonWithTheJobOnEveryLine(jobIds);
    }

    /** The distributed profile logs one JSON object per line, with job_id on the lines of a job. */
    private static void logsAreJsonWithTheJobOnEveryLine(List<String> jobIds) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target", "multi-process", "worker-2.log"))) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        List<JsonNode> finished = lines.stream().filter(l -> l.path("message").asText().startsWith("Job ")).toList();
        assertThat(finished).as("a JSON line per finished job").isNotEmpty()
                .allSatisfy(l -> assertThat(jobIds).contains(l.path("job_id").asText()));
        assertThat(lines.getFirst().has("@timestamp")).isTrue();
    }

    private Process start(String name, int port, Map<String, String> env) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "multi-process")).resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(services.environment());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("PIXTOOLS_DATA_DIR", Files.createTempDirectory("pixtools-" + name).toString());
        builder.environment().put("PIXTOOLS_WORKERS_STANDARD_CONCURRENCY", "2");
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static long unfinished(ApiClient client, List<String> jobIds) {
        return jobIds.stream().map(id -> status(client, id)).filter(s -> !"COMPLETED".equals(s) && !"FAILED".equals(s)).count();
    }

    private static String status(ApiClient client, String jobId) {
        JsonNode job = client.get("/api/jobs/" + jobId).getBody();
        return job == null ? null : job.path("status").asText();
    }

    private static void awaitUp(ApiClient client, String path) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> client.get(path).getStatusCode().value() == 200);
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
