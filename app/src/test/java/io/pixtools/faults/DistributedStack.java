package io.pixtools.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.distributed.DistributedServices;
import io.pixtools.faults.FaultReport.Row;
import io.pixtools.faults.FaultSuiteIT.Submission;
import io.pixtools.testing.FreePorts;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The distributed profile as separate processes from the jar: one API (with the scheduler), two standard workers, one
 * ML worker, on this machine's PostgreSQL, Redis and RabbitMQ, and an S3 server in a process of its own. Started once
 * for the distributed scenarios of the fault suite.
 */
final class DistributedStack {

    private static DistributedStack running;

    private final DistributedServices services;
    private final Process s3;
    private final Path s3Directory;
    private final PixProcess api;
    private final PixProcess worker1;
    private final PixProcess worker2;
    private final PixProcess ml;

    private DistributedStack() throws Exception {
        int s3Port = FreePorts.any();
        s3Directory = Files.createTempDirectory("pixtools-faults-s3");
        Path log = Files.createDirectories(Path.of("target", "faults")).resolve("s3.log");
        s3 = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        S3ServerMain.class.getName(),
                        s3Directory.toString(),
                        Integer.toString(s3Port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        services = new DistributedServices(URI.create("http://127.0.0.1:" + s3Port));
        api = process("api", "api,scheduler", Map.of("PIXTOOLS_JOBS_ABANDONED_INTAKE_AFTER", "30s"));
        worker1 = process("worker-1", "worker-standard", Map.of());
        worker2 = process("worker-2", "worker-standard", Map.of());
        ml = process("worker-ml", "worker-ml", Map.of());
        List<CompletableFuture<?>> starting = new ArrayList<>();
        starting.add(CompletableFuture.runAsync(() -> start(api, "/api/health")));
        for (PixProcess worker : List.of(worker1, worker2, ml)) {
            starting.add(CompletableFuture.runAsync(() -> start(worker, "/actuator/health/liveness")));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    static synchronized DistributedStack running() throws Exception {
        if (running == null) {
            running = new DistributedStack();
        }
        return running;
    }

    static synchronized void stopAll() throws Exception {
        if (running != null) {
            for (PixProcess process : List.of(running.api, running.worker1, running.worker2, running.ml)) {
                process.stop();
            }
            running.s3.destroyForcibly().waitFor();
            running.services.close();
            running = null;
        }
    }

    FaultClient client() {
        return new FaultClient(api.port());
    }

    PixProcess api() {
        return api;
    }

    PixProcess worker1() {
        return worker1;
    }

    PixProcess ml() {
        return ml;
    }

    String database() {
        return services.database();
    }

    long peakRssMb() {
        return Stream.of(api, worker1, worker2, ml)
                .mapToLong(PixProcess::peakRssMb)
                .max()
                .orElse(0);
    }

    void stopObjectStore() {
        Outages.signal(s3.pid(), "STOP");
    }

    void continueObjectStore() {
        Outages.signal(s3.pid(), "CONT");
    }

    /**
     * Submits a keyed job every 150 ms before, during and after an outage ({@code down}, then {@code up} after the
     * outage time). Every answer during the outage must be a fast 503; the first 202 after {@code up} measures the
     * recovery; every 202 must complete; and nothing of a refused request may be left: no row, no original.
     */
    void outage(String scenario, Runnable down, Runnable up, boolean workersNeedIt) throws Exception {
        FaultClient client = client();
        Set<String> rowsBefore = jobRows();
        List<Submission> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean submitting = new AtomicBoolean(true);
        String run = "outage-" + Long.toString(System.nanoTime(), 36) + "-";
        CompletableFuture<Void> submitter = CompletableFuture.runAsync(() -> {
            for (int i = 0; submitting.get(); i++) {
                String key = run + i;
                sent.add(new Submission(
                        key,
                        "[\"jpg\"]",
                        client.submit("camera.jpg", FaultSuiteIT.read("camera.jpg"), "[\"jpg\"]", null, key)));
                Outages.sleep(Duration.ofMillis(150));
            }
        });
        Outages.sleep(Duration.ofSeconds(2));
        down.run();
        Outages.sleep(Duration.ofSeconds(3));
        int apiReadyDuring =
                new FaultClient(api.port()).get("/actuator/health/readiness").status();
        int workerReadyDuring = new FaultClient(worker2.port())
                .get("/actuator/health/readiness")
                .status();
        Outages.sleep(FaultSuiteIT.OUTAGE.minusSeconds(3));
        int before = sent.size();
        long restored = System.nanoTime();
        up.run();
        double recovery = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (recovery < 0 && System.nanoTime() < deadline) {
            synchronized (sent) {
                for (int i = before; i < sent.size(); i++) {
                    if (sent.get(i).answer().status() == 202) {
                        recovery = FaultSuiteIT.seconds(restored);
                        break;
                    }
                }
            }
            Outages.sleep(Duration.ofMillis(50));
        }
        Outages.sleep(Duration.ofSeconds(2));
        submitting.set(false);
        submitter.join();

        List<String> accepted = FaultSuiteIT.accepted(sent);
        Map<String, JsonNode> finals = FaultSuiteIT.awaitFinished(client, accepted);
        long refused = sent.stream().filter(s -> s.answer().status() == 503).count();
        Set<String> kept = new HashSet<>(rowsBefore);
        kept.addAll(accepted);
        // A refused intake is undone in the background; what a dependency kept it from undoing, the recovery sweep
        // removes once it is older than abandoned-intake-after (30 s here).
        Set<String> leftovers = new HashSet<>();
        long originals = 0;
        long sweepDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            leftovers = new HashSet<>(jobRows());
            leftovers.removeAll(kept);
            originals = originals(kept);
            if (leftovers.isEmpty() && originals == 0) {
                break;
            }
            Outages.sleep(Duration.ofSeconds(2));
        } while (System.nanoTime() < sweepDeadline);
        int apiReadyAfter =
                new FaultClient(api.port()).get("/actuator/health/readiness").status();
        Row row = FaultSuiteIT.row(
                scenario,
                sent,
                finals,
                0,
                peakRssMb(),
                recovery,
                refused + " of " + sent.size() + " requests refused with 503; rows left by refused requests: "
                        + leftovers.size()
                        + "; originals of refused requests left: " + originals + "; readiness during the outage: API "
                        + apiReadyDuring + ", worker " + workerReadyDuring + ", API after " + apiReadyAfter);
        FaultReport.add(row);
        assertThat(recovery)
                .as("%s: the API takes jobs again once the dependency is back", scenario)
                .isPositive();
        assertThat(leftovers).as("%s: job rows of refused requests", scenario).isEmpty();
        assertThat(originals).as("%s: originals of refused requests", scenario).isZero();
        assertThat(apiReadyDuring)
                .as("%s: API readiness during the outage", scenario)
                .isEqualTo(503);
        assertThat(workerReadyDuring)
                .as("%s: worker readiness during the outage", scenario)
                .isEqualTo(workersNeedIt ? 503 : 200);
        assertThat(apiReadyAfter).as("%s: API readiness after", scenario).isEqualTo(200);
        FaultSuiteIT.verify(row);
    }

    /** The job ids of every row in this stack's database (ACCEPTING ones included). */
    private Set<String> jobRows() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        services.jdbcUrl(),
                        System.getenv().getOrDefault("PIXTOOLS_TEST_POSTGRES_USER", "postgres"),
                        System.getenv().getOrDefault("PIXTOOLS_TEST_POSTGRES_PASSWORD", ""));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT job_id FROM jobs")) {
            Set<String> ids = new HashSet<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    /** Originals stored in S3 for jobs other than {@code kept} (S3Proxy keeps objects as files). */
    private long originals(Set<String> kept) throws IOException {
        try (Stream<Path> files = Files.walk(s3Directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("original."))
                    .filter(f -> !kept.contains(f.getParent().getFileName().toString()))
                    .count();
        }
    }

    /** The distributed profile logs one JSON object per line, with job_id on the lines of a job. */
    void logsAreJsonWithJobIds() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> finished = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target", "faults", "worker-2.log"))) {
            if (line.startsWith("{")) {
                JsonNode node = json.readTree(line);
                if (node.path("message").asText().startsWith("Job ")) {
                    finished.add(node);
                }
            }
        }
        assertThat(finished)
                .as("a JSON line per finished job")
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.path("job_id").asText()).isNotBlank());
    }

    private PixProcess process(String name, String roles, Map<String, String> extra) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(services.environment());
        env.put("PIXTOOLS_ROLES", roles);
        env.put(
                "PIXTOOLS_DATA_DIR",
                Files.createTempDirectory("pixtools-faults-" + name).toString());
        env.put("PIXTOOLS_WORKERS_STANDARD_CONCURRENCY", "2");
        env.put("PIXTOOLS_JOBS_RECOVER_PERIOD_MS", "10000");
        env.putAll(extra);
        return new PixProcess(name, env);
    }

    private static void start(PixProcess process, String health) {
        try {
            process.start(health);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
