package io.pixtools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end load on a running PixTools: {@code jobs} uploads from {@code concurrency} clients, each client waiting
 * for its job to finish before the next upload. Prints throughput and percentiles of the 202 latency and of the time
 * from upload to a finished job. Run: {@code ./pixtools load [base-url] [jobs] [concurrency] [jpg,webp,...] [photo]}.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String operations;
    private final byte[] photo;
    private final String photoName;

    private LoadGenerator(String baseUrl, String operations, Path photo) throws IOException {
        this.baseUrl = baseUrl;
        this.operations = operations;
        this.photo = Files.readAllBytes(photo);
        this.photoName = photo.getFileName().toString();
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args.length > 0 ? args[0] : "http://localhost:8080";
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String operations = JSON.writeValueAsString((args.length > 3 ? args[3] : "jpg,webp,metadata").split(","));
        Path photo = args.length > 4 ? Path.of(args[4]) : TestImages.fixture("camera.jpg");
        new LoadGenerator(baseUrl, operations, photo).run(jobs, concurrency);
    }

    private void run(int jobs, int concurrency) throws Exception {
        System.out.printf(
                "load: %d jobs of %s on %s (%d bytes), %d concurrent clients, against %s%n",
                jobs, operations, photoName, photo.length, concurrency, baseUrl);
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                running.add(clients.submit(() -> {
                    long begin = System.nanoTime();
                    try {
                        results.add(oneJob());
                    } catch (IOException | RuntimeException e) {
                        Duration took = Duration.ofNanos(System.nanoTime() - begin);
                        results.add(new Result(e.getClass().getSimpleName(), took, took));
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long completed =
                results.stream().filter(r -> r.status.equals("COMPLETED")).count();
        System.out.printf(
                "finished: %d completed, %d other (%s) in %.1f s: %.2f jobs/s%n",
                completed,
                results.size() - completed,
                results.stream()
                        .map(Result::status)
                        .filter(s -> !s.equals("COMPLETED"))
                        .distinct()
                        .toList(),
                seconds,
                results.size() / seconds);
        print("accepted (202) latency", results.stream().map(Result::accepted).toList());
        print("upload to finished job", results.stream().map(Result::finished).toList());
    }

    private Result oneJob() throws IOException, InterruptedException {
        String boundary = "pixtools-" + UUID.randomUUID();
        long begin = System.nanoTime();
        HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/process"))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Duration accepted = Duration.ofNanos(System.nanoTime() - begin);
        if (submitted.statusCode() != 202) {
            return new Result("HTTP " + submitted.statusCode(), accepted, accepted);
        }
        String jobUrl = baseUrl + "/api/jobs/"
                + JSON.readTree(submitted.body()).path("job_id").asText();
        long deadline = begin + JOB_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(jobUrl))
                                    .timeout(REQUEST_TIMEOUT)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String status = job.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                return new Result(status, accepted, Duration.ofNanos(System.nanoTime() - begin));
            }
            Thread.sleep(POLL);
        }
        return new Result("unfinished after " + JOB_DEADLINE.toMinutes() + " min", accepted, JOB_DEADLINE);
    }

    private byte[] multipart(String boundary) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(photo.length + 512);
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n" + operations
                        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + photoName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(photo);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static void print(String what, List<Duration> durations) {
        List<Long> millis = durations.stream().map(Duration::toMillis).sorted().toList();
        System.out.printf(
                "%-24s p50 %6d ms   p95 %6d ms   p99 %6d ms   max %6d ms%n",
                what, percentile(millis, 50), percentile(millis, 95), percentile(millis, 99), millis.getLast());
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private record Result(String status, Duration accepted, Duration finished) {}
}
