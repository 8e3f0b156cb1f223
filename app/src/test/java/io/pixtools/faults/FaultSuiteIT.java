package io.pixtools.faults;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.webhook.Receiver;
import io.pixtools.faults.FaultClient.Answer;
import io.pixtools.faults.FaultReport.Row;
import io.pixtools.testing.HostileImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault and hostile-input suite: the built jar, run as an operator runs it, on the embedded default and on the
 * distributed profile with this machine's PostgreSQL, Redis and RabbitMQ (and an S3 server in a process of its own),
 * while processes are killed, dependencies stopped, and hostile files sent. Every scenario adds a row to one table
 * (target/faults/report.md): jobs accepted, completed, failed with a reason, lost, duplicated, 5xx other than 503,
 * 503s and the slowest of them, peak memory, time to recover. Lost, duplicated and 5xx must be 0; a 503 must come
 * within 2 seconds.
 * <p>
 * {@code -Dfaults.scale=short} (the default, part of {@code ./mvnw verify}) or {@code full} ({@code ./pixtools faults}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    static final boolean FULL = "full".equals(System.getProperty("faults.scale", "short"));
    static final int JOBS = FULL ? 100 : 20;
    static final Duration OUTAGE = FULL ? Duration.ofSeconds(30) : Duration.ofSeconds(8);
    static final Duration FINISH = Duration.ofMinutes(FULL ? 10 : 3);
    static final String SMALL_JOB = "[\"jpg\",\"webp\",\"metadata\"]";

    private static final byte[] CAMERA = read("camera.jpg");

    @AfterAll
    static void report() throws Exception {
        DistributedStack.stopAll();
        FaultReport.write(FULL ? "full" : "short");
    }

    @Test
    @Order(1)
    void embeddedKilledRightAfterABurstOf202sLosesNothing() throws Exception {
        PixProcess app = Embedded.start("embedded-burst");
        FaultClient client = new FaultClient(app.port());
        List<Submission> burst = burst(client, JOBS, "burst-", i -> SMALL_JOB, null);
        app.kill();

        long restarted = System.nanoTime();
        app.start("/api/health");
        Map<String, JsonNode> finals = awaitFinished(client, accepted(burst));
        double recovery = seconds(restarted);
        int duplicated = replays(client, burst);
        Row row = row(
                "embedded: SIGKILL right after " + JOBS + " 202s, restart",
                burst,
                finals,
                duplicated,
                app.peakRssMb(),
                recovery,
                "all jobs finished " + String.format(java.util.Locale.ROOT, "%.1f", recovery)
                        + " s after the restart began");
        app.stop();
        check(row);
        assertThat(recovery)
                .as("every job completes within a minute of the restart")
                .isLessThan(60);
    }

    @Test
    @Order(2)
    void embeddedKilledMidBatchWithDenoiseLosesNothing() throws Exception {
        PixProcess app = Embedded.start("embedded-mid-batch");
        FaultClient client = new FaultClient(app.port());
        AtomicInteger answered = new AtomicInteger();
        List<Submission> burst = burst(
                client,
                JOBS,
                "mid-",
                i -> i % 4 == 0 ? "[\"jpg\",\"denoise\",\"metadata\"]" : "[\"jpg\",\"webp\",\"png\"]",
                () -> {
                    if (answered.incrementAndGet() == JOBS / 2) {
                        killQuietly(app);
                    }
                });
        long restarted = System.nanoTime();
        app.start("/api/health");
        List<Submission> settled = retryUnanswered(client, burst);
        Map<String, JsonNode> finals = awaitFinished(client, accepted(settled));
        double recovery = seconds(restarted);
        int duplicated = replays(client, settled);
        long noAnswer = burst.stream().filter(s -> s.answer().status() == 0).count();
        Row row = row(
                "embedded: SIGKILL mid-batch (every 4th job denoises), restart",
                settled,
                finals,
                duplicated,
                app.peakRssMb(),
                recovery,
                noAnswer + " requests cut off by the kill, sent again with their key");
        app.stop();
        check(row);
    }

    /** Every finished job owes one webhook: a kill while deliveries are in flight must not lose any. */
    @Test
    @Order(3)
    void embeddedKilledDuringWebhookDeliveriesLosesNone() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.slow(Duration.ofMillis(1500));
            PixProcess app = Embedded.start(
                    "embedded-webhooks",
                    Map.of(
                            "PIXTOOLS_WEBHOOKS_ALLOWED_HOSTS",
                            "127.0.0.1",
                            "PIXTOOLS_WEBHOOKS_RETRY_SCHEDULE",
                            "0s,1s,2s,5s,10s",
                            "PIXTOOLS_WEBHOOKS_READ_TIMEOUT",
                            "5s"));
            FaultClient client = new FaultClient(app.port());
            List<Submission> sent = new ArrayList<>();
            String run = Long.toString(System.nanoTime(), 36);
            for (int i = 0; i < JOBS; i++) {
                String key = "hook-" + run + "-" + i;
                sent.add(new Submission(
                        key,
                        SMALL_JOB,
                        receiver.url(),
                        client.submit("camera.jpg", CAMERA, SMALL_JOB, null, key, receiver.url())));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (receiver.deliveries().size() < JOBS / 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            int beforeKill = receiver.deliveries().size();
            app.kill();
            long restarted = System.nanoTime();
            app.start("/api/health");
            List<String> accepted = accepted(sent);
            Map<String, JsonNode> finals = awaitFinished(client, accepted);
            long webhookDeadline = System.nanoTime() + FINISH.toNanos();
            while (delivered(receiver, accepted) < accepted.size() && System.nanoTime() < webhookDeadline) {
                Thread.sleep(300);
            }
            long notified = delivered(receiver, accepted);
            long repeats = receiver.deliveries().size() - notified;
            Row jobs = row(
                    "embedded: SIGKILL with webhook deliveries in flight (" + beforeKill + " of " + JOBS
                            + " sent), restart",
                    sent,
                    finals,
                    replays(client, sent),
                    app.peakRssMb(),
                    seconds(restarted),
                    notified + " of " + accepted.size() + " receivers notified; " + repeats
                            + " repeated deliveries (same webhook-id, dropped by receivers)");
            app.stop();
            check(jobs);
            assertThat(notified).as("jobs whose webhook never arrived").isEqualTo(accepted.size());
        }
    }

    private static long delivered(Receiver receiver, List<String> jobIds) {
        return jobIds.stream()
                .filter(id -> !receiver.deliveriesOf(id).isEmpty())
                .count();
    }

    @Test
    @Order(4)
    void embeddedTakesTheHostileCorpusAndAFuzzRunAndKeepsWorking() throws Exception {
        PixProcess app = Embedded.start("embedded-hostile");
        FaultClient client = new FaultClient(app.port());
        Map<String, byte[]> files = new LinkedHashMap<>(HostileImages.corpus(FULL ? 2L << 30 : 256L << 20));
        files.putAll(Fuzz.mutations(FULL ? 300 : 40, 20261129L));
        List<Submission> sent = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            sent.add(new Submission(
                    file.getKey(),
                    client.submit(file.getKey(), file.getValue(), "[\"metadata\",\"jpg\",\"webp\"]", null, null)));
        }
        sent.add(new Submission(
                "params-deep.json",
                client.submit(
                        "camera.jpg",
                        CAMERA,
                        "[\"jpg\"]",
                        "{\"jpg\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}",
                        null)));
        sent.add(new Submission(
                "params-huge.json",
                client.submit(
                        "camera.jpg",
                        CAMERA,
                        "[\"jpg\"]",
                        "{\"jpg\":{\"quality\":80,\"x\":\"" + "y".repeat(200_000) + "\"}}",
                        null)));
        Map<String, JsonNode> finals = awaitFinished(client, accepted(sent));
        Answer normal = client.submit("camera.jpg", CAMERA, SMALL_JOB, null, null);
        JsonNode normalJob = awaitFinished(client, List.of(normal.jobId())).get(normal.jobId());
        Map<Integer, Long> refused = sent.stream()
                .filter(s -> s.answer().status() >= 400 && s.answer().status() < 500)
                .collect(
                        Collectors.groupingBy(s -> s.answer().status(), java.util.TreeMap::new, Collectors.counting()));
        Row row = row(
                "embedded: " + files.size() + " hostile and fuzzed files, 2 hostile parameter sets",
                sent,
                finals,
                0,
                app.peakRssMb(),
                -1,
                "refused at intake: " + refused + "; afterwards a normal job "
                        + normalJob.path("status").asText() + ", health "
                        + client.get("/api/health").status());
        app.stop();
        check(row);
        assertThat(normalJob.path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    @Order(5)
    void distributedWorkersKilledMidBatchLoseNothing() throws Exception {
        DistributedStack stack = DistributedStack.running();
        FaultClient client = stack.client();
        AtomicInteger answered = new AtomicInteger();
        List<Submission> burst = burst(
                client, JOBS, "workers-", i -> i % 4 == 0 ? "[\"jpg\",\"denoise\",\"metadata\"]" : SMALL_JOB, () -> {
                    if (answered.incrementAndGet() == JOBS / 3) {
                        killQuietly(stack.worker1());
                        killQuietly(stack.ml());
                    }
                });
        long restarted = System.nanoTime();
        stack.worker1().start("/actuator/health/liveness");
        stack.ml().start("/actuator/health/liveness");
        Map<String, JsonNode> finals = awaitFinished(client, accepted(burst));
        Row row = row(
                "distributed: SIGKILL a standard worker and the ML worker mid-batch",
                burst,
                finals,
                replays(client, burst),
                stack.peakRssMb(),
                seconds(restarted),
                "the broker hands their unacknowledged tasks to the others");
        check(row);
        stack.logsAreJsonWithJobIds();
    }

    @Test
    @Order(6)
    void distributedApiKilledRightAfterABurstLosesNothing() throws Exception {
        DistributedStack stack = DistributedStack.running();
        FaultClient client = stack.client();
        List<Submission> burst = burst(client, JOBS, "api-", i -> SMALL_JOB, null);
        stack.api().kill();
        long restarted = System.nanoTime();
        stack.api().start("/api/health");
        Map<String, JsonNode> finals = awaitFinished(client, accepted(burst));
        Row row = row(
                "distributed: SIGKILL the API right after " + JOBS + " 202s",
                burst,
                finals,
                replays(client, burst),
                stack.peakRssMb(),
                seconds(restarted),
                "");
        check(row);
    }

    @Test
    @Order(7)
    void distributedBrokerStoppedAndStarted() throws Exception {
        DistributedStack stack = DistributedStack.running();
        stack.outage(
                "distributed: RabbitMQ stopped " + OUTAGE.toSeconds() + " s (rabbitmqctl stop_app, start_app)",
                Outages::stopBroker,
                Outages::startBroker,
                true);
    }

    @Test
    @Order(8)
    void distributedRedisPaused() throws Exception {
        DistributedStack stack = DistributedStack.running();
        stack.outage(
                "distributed: Redis paused " + OUTAGE.toSeconds() + " s (CLIENT PAUSE ALL)",
                () -> Outages.pauseRedis(OUTAGE),
                () -> {},
                false);
    }

    @Test
    @Order(9)
    void distributedDatabaseRefusingConnections() throws Exception {
        DistributedStack stack = DistributedStack.running();
        stack.outage(
                "distributed: PostgreSQL refusing connections " + OUTAGE.toSeconds() + " s",
                () -> Outages.refuseDatabase(stack.database()),
                () -> Outages.acceptDatabase(stack.database()),
                true);
    }

    @Test
    @Order(10)
    void distributedObjectStoreDown() throws Exception {
        DistributedStack stack = DistributedStack.running();
        stack.outage(
                "distributed: object store stopped " + OUTAGE.toSeconds() + " s (SIGSTOP, SIGCONT)",
                stack::stopObjectStore,
                stack::continueObjectStore,
                true);
    }

    /** Adds the row to the report, then checks it: lost, duplicated and 5xx must be none; a 503 must come fast. */
    static void check(Row row) {
        FaultReport.add(row);
        verify(row);
    }

    static void verify(Row row) {
        assertThat(row.lost()).as("%s: lost jobs", row.scenario()).isZero();
        assertThat(row.duplicated()).as("%s: duplicated jobs", row.scenario()).isZero();
        assertThat(row.serverErrors())
                .as("%s: 5xx other than 503", row.scenario())
                .isZero();
        assertThat(row.slowestUnavailableMs())
                .as("%s: slowest 503", row.scenario())
                .isLessThanOrEqualTo(2000);
    }

    static Row row(
            String scenario,
            List<Submission> sent,
            Map<String, JsonNode> finals,
            int duplicated,
            long rss,
            double recovery,
            String notes) {
        List<String> accepted = accepted(sent);
        int completed = (int) finals.values().stream()
                .filter(j -> "COMPLETED".equals(j.path("status").asText()))
                .count();
        int failed = (int) finals.values().stream()
                .filter(j -> "FAILED".equals(j.path("status").asText())
                        && !j.path("error_message").asText().isBlank())
                .count();
        int serverErrors = (int) sent.stream()
                .filter(s -> s.answer().status() >= 500 && s.answer().status() != 503)
                .count();
        List<Answer> unavailable = sent.stream()
                .map(Submission::answer)
                .filter(a -> a.status() == 503)
                .toList();
        long slowest = unavailable.stream().mapToLong(Answer::millis).max().orElse(0);
        List<String> lost = accepted.stream()
                .filter(id -> !finals.containsKey(id)
                        || (!"COMPLETED".equals(finals.get(id).path("status").asText())
                                && finals.get(id).path("error_message").asText().isBlank()))
                .toList();
        if (!lost.isEmpty()) {
            notes = notes + "; LOST: " + lost;
        }
        return new Row(
                scenario,
                accepted.size(),
                completed,
                failed,
                lost.size(),
                duplicated,
                serverErrors,
                unavailable.size(),
                slowest,
                rss,
                recovery,
                notes);
    }

    /** {@code jobs} submissions with Idempotency-Keys from 8 clients at once; {@code onAnswer} runs after each answer. */
    static List<Submission> burst(
            FaultClient client, int jobs, String prefix, IntFunction<String> operations, Runnable onAnswer)
            throws Exception {
        List<Submission> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<Submission>> futures = new ArrayList<>();
            String run = Long.toString(System.nanoTime(), 36);
            for (int i = 0; i < jobs; i++) {
                int n = i;
                futures.add(clients.submit(() -> {
                    String key = prefix + run + "-" + n;
                    Submission submission = new Submission(
                            key,
                            operations.apply(n),
                            client.submit("camera.jpg", CAMERA, operations.apply(n), null, key));
                    if (onAnswer != null) {
                        onAnswer.run();
                    }
                    return submission;
                }));
            }
            for (Future<Submission> future : futures) {
                sent.add(future.get());
            }
        }
        return sent;
    }

    /** A client whose request got no answer, or a 503, sends it again with the same key until it is taken. */
    static List<Submission> retryUnanswered(FaultClient client, List<Submission> sent) throws InterruptedException {
        List<Submission> settled = new ArrayList<>();
        for (Submission submission : sent) {
            Submission current = submission;
            for (int attempt = 0;
                    attempt < 20
                            && (current.answer().status() == 0
                                    || current.answer().status() == 503
                                    || current.answer().status() == 409);
                    attempt++) {
                Thread.sleep(250);
                current = new Submission(
                        submission.key(),
                        submission.operations(),
                        submission.webhookUrl(),
                        client.submit(
                                "camera.jpg",
                                CAMERA,
                                submission.operations(),
                                null,
                                submission.key(),
                                submission.webhookUrl()));
            }
            settled.add(current);
        }
        return settled;
    }

    /** Sends every keyed request again: each must be a replay (200) of the same job. Returns how many were not. */
    static int replays(FaultClient client, List<Submission> sent) {
        int duplicated = 0;
        for (Submission submission : sent) {
            if (submission.key() == null || submission.answer().jobId() == null) {
                continue;
            }
            Answer again = client.submit(
                    "camera.jpg", CAMERA, submission.operations(), null, submission.key(), submission.webhookUrl());
            if (again.status() != 200 || !submission.answer().jobId().equals(again.jobId())) {
                duplicated++;
                System.out.println(
                        "[faults] not a replay: " + submission.key() + " -> " + again.status() + " " + again.body());
            }
        }
        return duplicated;
    }

    static List<String> accepted(Collection<Submission> sent) {
        return sent.stream()
                .filter(s -> s.answer().status() == 202 || s.answer().status() == 200)
                .map(s -> s.answer().jobId())
                .distinct()
                .toList();
    }

    /** Polls until every job is COMPLETED or FAILED, or the deadline passes; a job missing at the end is lost. */
    static Map<String, JsonNode> awaitFinished(FaultClient client, List<String> jobIds) throws InterruptedException {
        Map<String, JsonNode> finals = new LinkedHashMap<>();
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (finals.size() < jobIds.size() && System.nanoTime() < deadline) {
            for (String id : jobIds) {
                if (!finals.containsKey(id)) {
                    JsonNode job = client.job(id);
                    String status = job == null ? "" : job.path("status").asText();
                    if (status.equals("COMPLETED") || status.equals("FAILED")) {
                        finals.put(id, job);
                    }
                }
            }
            Thread.sleep(300);
        }
        return finals;
    }

    static void killQuietly(PixProcess process) {
        try {
            process.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static byte[] read(String name) {
        try {
            return Files.readAllBytes(fixture(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One request as the suite sent it, and what came back. */
    record Submission(String key, String operations, String webhookUrl, Answer answer) {
        Submission(String key, String operations, Answer answer) {
            this(key, operations, null, answer);
        }

        Submission(String name, Answer answer) {
            this(null, name, null, answer);
        }
    }

    /** Starting an embedded-default process with a data directory of its own. */
    static final class Embedded {

        static PixProcess start(String name) throws Exception {
            return start(name, Map.of());
        }

        static PixProcess start(String name, Map<String, String> extra) throws Exception {
            Path data = Files.createTempDirectory("pixtools-faults-" + name);
            Map<String, String> env = new LinkedHashMap<>(Map.of(
                    "PIXTOOLS_DATA_DIR",
                    data.toString(),
                    "PIXTOOLS_WEBHOOKS_SECRET",
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "PIXTOOLS_WORKERS_STANDARD_CONCURRENCY",
                    "2"));
            env.putAll(extra);
            return new PixProcess(name, env).start("/api/health");
        }
    }

    /** Mutated copies of the valid fixtures: bytes flipped, cut short, spliced. */
    static final class Fuzz {

        private static final List<String> SEEDS = List.of(
                "camera.jpg",
                "tagged.jpg",
                "alpha.png",
                "chelsea.webp",
                "animated.gif",
                "grey16.tif",
                "rocket.avif",
                "cmyk.jpg");

        static Map<String, byte[]> mutations(int count, long seed) {
            Random random = new Random(seed);
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = SEEDS.get(i % SEEDS.size());
                byte[] bytes = read(name).clone();
                String how;
                switch (random.nextInt(4)) {
                    case 0 -> {
                        int flips = 1 + random.nextInt(64);
                        for (int f = 0; f < flips; f++) {
                            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                        }
                        how = "flip" + flips;
                    }
                    case 1 -> {
                        bytes = java.util.Arrays.copyOf(bytes, 16 + random.nextInt(bytes.length - 16));
                        how = "cut";
                    }
                    case 2 -> {
                        int at = 8 + random.nextInt(Math.min(2048, bytes.length - 8));
                        for (int f = 0; f < 4; f++) {
                            bytes[at + f] = (byte) 0xFF;
                        }
                        how = "header";
                    }
                    default -> {
                        int from = random.nextInt(bytes.length / 2);
                        int length = random.nextInt(bytes.length / 4);
                        byte[] spliced = new byte[bytes.length + length];
                        System.arraycopy(bytes, 0, spliced, 0, from + length);
                        System.arraycopy(bytes, from, spliced, from + length, bytes.length - from);
                        bytes = spliced;
                        how = "splice";
                    }
                }
                out.put("fuzz-" + i + "-" + how + "-" + name, bytes);
            }
            return out;
        }
    }
}
