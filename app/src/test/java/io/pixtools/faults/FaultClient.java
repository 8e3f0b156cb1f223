package io.pixtools.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** A client as the fault suite needs one: every answer is recorded with its latency, and nothing throws. */
final class FaultClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    FaultClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** One submission: status (0 when no answer came), body, latency. */
    Answer submit(String fileName, byte[] file, String operations, String params, String key) {
        return submit(fileName, file, operations, params, key, null);
    }

    Answer submit(String fileName, byte[] file, String operations, String params, String key, String webhookUrl) {
        String boundary = "fault-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 1024);
        field(body, boundary, "operations", operations);
        if (params != null) {
            field(body, boundary, "operation_params", params);
        }
        if (webhookUrl != null) {
            field(body, boundary, "webhook_url", webhookUrl);
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/process"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(request.build());
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    /** The job's JSON, or null when the API does not answer 200. */
    JsonNode job(String jobId) {
        Answer answer = get("/api/jobs/" + jobId);
        return answer.status() == 200 ? answer.body() : null;
    }

    private Answer send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, (System.nanoTime() - start) / 1_000_000, null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Answer(
                    0,
                    null,
                    (System.nanoTime() - start) / 1_000_000,
                    e.getClass().getSimpleName());
        }
    }

    private static void field(ByteArrayOutputStream body, String boundary, String name, String value) {
        body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    record Answer(int status, JsonNode body, long millis, String error) {

        String jobId() {
            return body == null ? null : body.path("job_id").asText(null);
        }
    }
}
