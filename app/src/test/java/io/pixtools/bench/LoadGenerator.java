package io.pixtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end load on a running PixTools from {@code clients} concurrent clients, each starting its next request as
 * soon as its previous one is done. {@link #jobs} waits for each job to finish before the next
 * upload, with {@code GET /api/jobs/{id}?wait=30} (one request that answers when the job finishes, as a client that
 * wants the result would do); {@link #uploads} only waits for the 202, which measures intake alone. Run on its own it prints throughput and
 * percentiles of the 202 latency and of the time from upload to a finished job:
 * {@code ./pixtools load [base-url] [jobs] [concurrency] [jpg,webp,...] [photo]} ({@code -Dload.uploadsOnly=true}: intake
 * alone); {@code ./pixtools benchmark} calls it too.
 */
public final class LoadGenerator {

    static {
        // The JDK keeps 5 idle connections per server by default: the sixth client on would reconnect every request.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WAIT_SECONDS = 30;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(10);

    private final String baseUrl;
    private final String operations;
    private final byte[] photo;
    private final String photoName;

    LoadGenerator(String baseUrl, List<String> operations, Path photo) throws IOException {
        this.baseUrl = baseUrl;
        this.operations = JSON.writeValueAsString(operations);
        this.photo = Files.readAllBytes(photo);
        this.photoName = photo.getFileName().toString();
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args.length > 0 ? args[0] : "http://localhost:8080";
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        List<String> operations = List.of((args.length > 3 ? args[3] : "jpg,webp,metadata").split(","));
        Path photo = args.length > 4 ? Path.of(args[4]) : TestImages.fixture("camera.jpg");
        LoadGenerator load = new LoadGenerator(baseUrl, operations, photo);
        System.out.printf(
                "load: %d jobs of %s on %s (%d bytes), %d concurrent clients, against %s%n",
                jobs, load.operations, load.photoName, load.photo.length, concurrency, baseUrl);
        boolean uploadsOnly = Boolean.getBoolean("load.uploadsOnly");
        LoadRun run = uploadsOnly ? load.uploads(jobs, concurrency) : load.jobs(jobs, concurrency);
        if (uploadsOnly) {
            System.out.printf(
                    "finished: %d accepted (202), %d other (%s) in %.1f s: %.2f uploads/s%n",
                    run.succeeded(),
                    run.count() - run.succeeded(),
                    run.otherOutcomes(),
                    run.seconds(),
                    run.perSecond());
            print("accepted (202) latency", run.accepted());
            return;
        }
        System.out.printf(
                "finished: %d completed, %d other (%s) in %.1f s: %.2f jobs/s%n",
                run.completed(), run.count() - run.completed(), run.otherOutcomes(), run.seconds(), run.perSecond());
        print("accepted (202) latency", run.accepted());
        print("upload to finished job", run.finished());
    }

    /** {@code jobs} uploads, each client waiting for its job to finish before it uploads the next. */
    LoadRun jobs(int jobs, int clients) throws Exception {
        return run(jobs, clients, this::oneJob);
    }

    /** {@code uploads} uploads, each client sending the next as soon as the previous one is answered. */
    LoadRun uploads(int uploads, int clients) throws Exception {
        return run(uploads, clients, this::oneUpload);
    }

    private LoadRun run(int count, int clients, Callable<LoadRun.Outcome> request) throws Exception {
        List<LoadRun.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                running.add(pool.submit(() -> {
                    long begin = System.nanoTime();
                    try {
                        outcomes.add(request.call());
                    } catch (IOException | RuntimeException e) {
                        Duration took = Duration.ofNanos(System.nanoTime() - begin);
                        outcomes.add(new LoadRun.Outcome(e.getClass().getSimpleName(), took, took));
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        return new LoadRun(List.copyOf(outcomes), (System.nanoTime() - start) / 1e9);
    }

    private LoadRun.Outcome oneUpload() throws IOException {
        long begin = System.nanoTime();
        Response submitted = submit();
        Duration accepted = Duration.ofNanos(System.nanoTime() - begin);
        String outcome = submitted.status() == 202 ? LoadRun.ACCEPTED : "HTTP " + submitted.status();
        return new LoadRun.Outcome(outcome, accepted, accepted);
    }

    private LoadRun.Outcome oneJob() throws IOException {
        long begin = System.nanoTime();
        Response submitted = submit();
        Duration accepted = Duration.ofNanos(System.nanoTime() - begin);
        if (submitted.status() != 202) {
            return new LoadRun.Outcome("HTTP " + submitted.status(), accepted, accepted);
        }
        String jobUrl = baseUrl + "/api/jobs/"
                + JSON.readTree(submitted.body()).path("job_id").asText() + "?wait=" + WAIT_SECONDS;
        long deadline = begin + JOB_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            Response polled = send("GET", jobUrl, null);
            if (polled.status() != 200) {
                return new LoadRun.Outcome(
                        "HTTP " + polled.status() + " on poll", accepted, Duration.ofNanos(System.nanoTime() - begin));
            }
            String status = JSON.readTree(polled.body()).path("status").asText();
            if (status.equals(LoadRun.COMPLETED) || status.equals("FAILED")) {
                return new LoadRun.Outcome(status, accepted, Duration.ofNanos(System.nanoTime() - begin));
            }
        }
        return new LoadRun.Outcome("unfinished after " + JOB_DEADLINE.toMinutes() + " min", accepted, JOB_DEADLINE);
    }

    private Response submit() throws IOException {
        String boundary = "pixtools-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n" + operations
                        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + photoName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return send("POST", baseUrl + "/api/process", "multipart/form-data; boundary=" + boundary, head, photo, tail);
    }

    /**
     * One request on a kept-alive connection of the JDK's blocking client, its answer read whole. The blocking client
     * costs the shared cores about half of what java.net.http's asynchronous one costs per job.
     */
    private static Response send(String method, String url, String contentType, byte[]... body) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
        if (body.length > 0) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", contentType);
            long length = 0;
            for (byte[] part : body) {
                length += part.length;
            }
            connection.setFixedLengthStreamingMode(length);
            try (OutputStream out = connection.getOutputStream()) {
                for (byte[] part : body) {
                    out.write(part);
                }
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private record Response(int status, String body) {}

    private static void print(String what, List<Duration> durations) {
        System.out.printf(
                "%-24s p50 %6d ms   p95 %6d ms   p99 %6d ms   max %6d ms%n",
                what,
                LoadRun.percentileMillis(durations, 50),
                LoadRun.percentileMillis(durations, 95),
                LoadRun.percentileMillis(durations, 99),
                LoadRun.percentileMillis(durations, 100));
    }
}
