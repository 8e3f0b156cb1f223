package io.pixtools.app.access;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Limits per API key, each with its own key so that they do not meet: requests per second (3 in a burst, then 1 a
 * second), jobs in flight (2), upload bytes per day (150 kB: one camera.jpg, not two). A client over a limit gets 429
 * with Retry-After and the RateLimit headers; another key is not affected; the refusals are counted per key.
 */
@PixToolsApplicationTest
@TestPropertySource(
        properties = {
            "pixtools.api-keys=" + RateLimitTests.FAST + "," + RateLimitTests.BUSY + "," + RateLimitTests.UPLOADER + ","
                    + RateLimitTests.CALM + "," + RateLimitTests.STREAMER + "," + RateLimitTests.CARELESS,
            "pixtools.rate-limits.requests-per-second=1",
            "pixtools.rate-limits.burst=3",
            "pixtools.rate-limits.jobs-in-flight=2",
            "pixtools.rate-limits.upload-bytes-per-day=150KB"
        })
class RateLimitTests {

    static final String FAST = "pxt_fast-0123456789abcdefghijklmnopq";
    static final String BUSY = "pxt_busy-0123456789abcdefghijklmnopq";
    static final String UPLOADER = "pxt_uploader-0123456789abcdefghijklm";
    static final String CALM = "pxt_calm-0123456789abcdefghijklmnopq";
    static final String STREAMER = "pxt_streamer-0123456789abcdefghijklm";
    static final String CARELESS = "pxt_careless-0123456789abcdefghijklm";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aKeyOverItsRequestRateGets429WithTheHeadersAndOthersAreNotSlowedDown() {
        ApiClient fast = new ApiClient(port, FAST);
        String job = "/api/jobs/" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            ResponseEntity<JsonNode> ok = fast.get(job);
            assertThat(ok.getStatusCode().value())
                    .as("request %d of the burst", i + 1)
                    .isEqualTo(404);
            assertThat(ok.getHeaders().getFirst("RateLimit-Policy")).isEqualTo("\"requests\";q=3;w=3");
            assertThat(ok.getHeaders().getFirst("RateLimit")).startsWith("\"requests\";r=" + (2 - i) + ";t=");
        }
        ResponseEntity<JsonNode> refused = fast.get(job);
        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getBody().path("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isBetween(1L, 2L);
        assertThat(refused.getHeaders().getFirst("RateLimit")).startsWith("\"requests\";r=0;t=");

        assertThat(new ApiClient(port, CALM).get(job).getStatusCode().value())
                .as("another key")
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> fast.get(job).getStatusCode().value() == 404);

        ApiClient anonymous = new ApiClient(port);
        String metrics = new String(
                anonymous.download(anonymous.base() + "/actuator/prometheus").getBody());
        assertThat(metrics)
                .containsPattern("pixtools_rate_limited_total\\{key=\"" + ApiKeySecrets.bootstrapId(FAST)
                        + "\",limit=\"requests\"[^}]*} [1-9]");
    }

    @Test
    void aKeyWithAsManyJobsInFlightAsAllowedMustWait() {
        String owner = ApiKeySecrets.bootstrapId(BUSY);
        for (int i = 0; i < 2; i++) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            jdbc.update(
                    "INSERT INTO jobs (job_id, owner, status, operations, operation_params, source_key, source_name, "
                            + "source_format, source_bytes, source_width, source_height, created_at, updated_at, expires_at) "
                            + "VALUES (?, ?, 'PROCESSING', '[\"jpg\"]', '{}', 'originals/x', 'x', 'jpeg', 1, 1, 1, ?, ?, ?)",
                    UUID.randomUUID().toString(),
                    owner,
                    now,
                    now,
                    now.plusHours(1));
        }
        ResponseEntity<JsonNode> refused = new ApiClient(port, BUSY)
                .submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .send();
        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getBody().path("error").asText()).isEqualTo("too_many_jobs_in_flight");
        assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();

        jdbc.update("UPDATE jobs SET status = 'COMPLETED' WHERE owner = ?", owner);
        assertThat(new ApiClient(port, BUSY)
                        .submit()
                        .file(fixture("camera.jpg"))
                        .operations("[\"jpg\"]")
                        .send()
                        .getStatusCode()
                        .value())
                .as("once they finished")
                .isEqualTo(202);
    }

    @Test
    void aKeyOverItsDailyUploadQuotaGets429() throws Exception {
        ApiClient uploader = new ApiClient(port, UPLOADER);
        assertThat(uploader.submit()
                        .file(fixture("camera.jpg"))
                        .operations("[\"jpg\"]")
                        .send()
                        .getStatusCode()
                        .value())
                .isEqualTo(202);
        ResponseEntity<JsonNode> refused = uploader.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .send();
        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getBody().path("error").asText()).isEqualTo("upload_quota_exceeded");
        assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isGreaterThan(3600);
        assertThat(refused.getHeaders().getFirst("RateLimit-Policy")).contains("\"upload-bytes\";q=153600;w=86400");
    }

    /** An upload is charged its declared size in advance, and given it back when it is refused. */
    @Test
    void refusedUploadsDoNotUseUpTheQuota() {
        ApiClient careless = new ApiClient(port, CARELESS);
        for (int i = 0; i < 2; i++) {
            ResponseEntity<JsonNode> refused = careless.submit()
                    .file(fixture("camera.jpg"))
                    .operations("[\"tiff\"]")
                    .send();
            assertThat(refused.getStatusCode().value())
                    .as("%s", refused.getBody())
                    .isEqualTo(422);
        }
        assertThat(careless.submit()
                        .file(fixture("camera.jpg"))
                        .operations("[\"jpg\"]")
                        .send()
                        .getStatusCode()
                        .value())
                .as("the refused uploads gave back what they were charged")
                .isEqualTo(202);
    }

    /** A streamed upload says no size up front: it is let in while quota is left and charged what it was. */
    @Test
    void anUploadOfUnknownSizeIsChargedWhatItWas() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> accepted = chunkedUpload(STREAMER);
            assertThat(accepted.statusCode())
                    .as("streamed upload %d: %s", i + 1, accepted.body())
                    .isEqualTo(202);
            String job = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(accepted.body())
                    .path("job_id")
                    .asText();
            // Watched in the table, not through the API: polling would spend the key's requests.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> jdbc.queryForObject("SELECT status FROM jobs WHERE job_id = ?", String.class, job)
                            .matches("COMPLETED|FAILED"));
        }
        HttpResponse<String> refused = chunkedUpload(STREAMER);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("upload_quota_exceeded");
    }

    private HttpResponse<String> chunkedUpload(String key) throws Exception {
        String boundary = "pixtools-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n[\"jpg\"]\r\n"
                        + "--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"camera.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\n")
                .getBytes());
        body.write(java.nio.file.Files.readAllBytes(fixture("camera.jpg")));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/process"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.toByteArray())))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(chunked, HttpResponse.BodyHandlers.ofString());
        }
    }
}
