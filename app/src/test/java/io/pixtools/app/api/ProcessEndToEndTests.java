package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static io.pixtools.testing.Zips.unzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.processors.image.ImageFormat;
import io.pixtools.testing.HostileImages;
import io.pixtools.testing.ImageQuality;
import io.pixtools.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** The README's curl example, as a client over HTTP against the embedded default. */
@PixToolsApplicationTest
class ProcessEndToEndTests {

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void completesAJobWithEveryOperationAndServesItsFiles() throws Exception {
        ResponseEntity<JsonNode> accepted = api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\",\"png\",\"webp\",\"avif\",\"metadata\"]")
                .params("{\"webp\":{\"quality\":70,\"resize\":{\"width\":200}}}")
                .send();

        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        String jobId = accepted.getBody().path("job_id").asText();
        assertThat(accepted.getBody().path("status").asText()).isEqualTo("PENDING");
        assertThat(accepted.getHeaders().getLocation()).hasToString("/api/jobs/" + jobId);

        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("error_message").isNull()).isTrue();
        assertThat(job.path("operations"))
                .extracting(JsonNode::asText)
                .containsExactly("jpg", "png", "webp", "avif", "metadata");
        assertThat(Instant.parse(job.path("created_at").asText()))
                .isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(Instant.parse(job.path("expires_at").asText()))
                .isCloseTo(
                        Instant.parse(job.path("created_at").asText()).plus(24, ChronoUnit.HOURS),
                        within(1, ChronoUnit.SECONDS));

        Map<String, byte[]> downloads = new LinkedHashMap<>();
        job.path("result_urls").properties().forEach(e -> {
            assertThat(e.getValue().asText())
                    .as("a signed, expiring link")
                    .matches(java.util.regex.Pattern.quote(api.base() + "/api/jobs/" + jobId + "/results/" + e.getKey())
                            + "\\?expires=[0-9]{10}&signature=[A-Za-z0-9_-]{43}");
            ResponseEntity<byte[]> file = api.download(e.getValue().asText());
            assertThat(file.getStatusCode().value()).isEqualTo(200);
            assertThat(file.getHeaders().getContentDisposition().getFilename())
                    .isEqualTo(e.getKey().equals("metadata") ? "camera-metadata.json" : "camera." + e.getKey());
            downloads.put(e.getKey(), file.getBody());
        });
        assertThat(downloads).containsOnlyKeys("jpg", "png", "webp", "avif", "metadata");

        assertImage(downloads.get("jpg"), ImageFormat.JPEG, 400, 600);
        assertImage(downloads.get("png"), ImageFormat.PNG, 400, 600);
        assertImage(downloads.get("webp"), ImageFormat.WEBP, 200, 300);
        assertImage(downloads.get("avif"), ImageFormat.AVIF, 400, 600);
        for (String op : new String[] {"jpg", "png", "webp", "avif"}) {
            assertThat(job.path("outputs").path(op).path("bytes").asLong()).isEqualTo(downloads.get(op).length);
        }

        JsonNode metadata = new ObjectMapper().readTree(downloads.get("metadata"));
        assertThat(metadata.path("camera_make").asText()).isEqualTo("Canon");
        assertThat(metadata.path("gps").path("latitude").asDouble()).isEqualTo(48.8583);
        assertThat(job.path("metadata")).isEqualTo(metadata);

        ResponseEntity<byte[]> archive = api.download(job.path("archive_url").asText());
        assertThat(archive.getHeaders().getContentType()).hasToString("application/zip");
        Map<String, byte[]> entries = unzip(archive.getBody());
        assertThat(entries)
                .containsOnlyKeys("camera.jpg", "camera.png", "camera.webp", "camera.avif", "camera-metadata.json");
        assertThat(entries.get("camera.webp")).isEqualTo(downloads.get("webp"));
        assertThat(entries.get("camera.avif")).isEqualTo(downloads.get("avif"));
        assertThat(new ObjectMapper().readTree(entries.get("camera-metadata.json")))
                .isEqualTo(metadata);
    }

    /**
     * A truncated photo, whose header is whole: the operations told to convert what can be decoded ("fail_on": "none")
     * work, webp (the default, "fail_on": "error") fails. The job fails naming webp and keeps the outputs that worked,
     * wherever webp comes in the message that carries the job's operations (last, first, between two others).
     */
    @ParameterizedTest
    @ValueSource(strings = {"[\"jpg\",\"webp\"]", "[\"webp\",\"jpg\"]", "[\"png\",\"webp\",\"jpg\"]"})
    void aFailingOperationFailsTheJobButKeepsTheOtherOutputs(String operations) throws Exception {
        String jobId = api.submit()
                .file("camera.jpg", HostileImages.truncated(Files.readAllBytes(fixture("camera.jpg")), 0.5))
                .operations(operations)
                .params(
                        operations.contains("png")
                                ? "{\"jpg\":{\"fail_on\":\"none\"},\"png\":{\"fail_on\":\"none\"}}"
                                : "{\"jpg\":{\"fail_on\":\"none\"}}")
                .send()
                .getBody()
                .path("job_id")
                .asText();
        List<String> worked = new ObjectMapper()
                .readerForListOf(String.class).<List<String>>readValue(operations).stream()
                        .filter(op -> !op.equals("webp"))
                        .toList();

        JsonNode job = api.awaitFinished(jobId);

        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("error_message").asText())
                .startsWith("1 of " + (worked.size() + 1) + " operations failed. webp: ")
                .doesNotContain("/tmp");
        assertThat(job.path("outputs").path("webp").path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("result_urls").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(worked);
        for (String op : worked) {
            assertThat(api.download(job.path("result_urls").path(op).asText())
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);
        }
        assertThat(api.get("/api/jobs/" + jobId + "/results/webp")
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(unzip(api.download(job.path("archive_url").asText()).getBody()))
                .containsOnlyKeys(worked.stream().map(op -> "camera." + op).toList());
    }

    /** Denoise through the API: a noisy upload comes back closer to the clean photo, in the format asked for. */
    @Test
    void denoisesANoisyPhotoThroughTheApi(@TempDir Path dir) throws Exception {
        BufferedImage clean = TestImages.decode(fixture("chelsea.webp"));
        BufferedImage noisy = ImageQuality.noisy(clean, 25, 11);
        Path upload = dir.resolve("noisy-cat.png");
        ImageIO.write(noisy, "png", upload.toFile());

        String jobId = api.submit()
                .file(upload)
                .operations("[\"denoise\",\"jpg\"]")
                .params("{\"denoise\":{\"format\":\"webp\",\"quality\":95}}")
                .send()
                .getBody()
                .path("job_id")
                .asText();
        JsonNode job = api.awaitFinished(jobId);

        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("outputs").path("denoise").path("content_type").asText())
                .isEqualTo("image/webp");
        ResponseEntity<byte[]> denoised =
                api.download(job.path("result_urls").path("denoise").asText());
        assertThat(denoised.getHeaders().getContentDisposition().getFilename()).isEqualTo("noisy-cat-denoised.webp");
        assertThat(ImageFormat.detect(denoised.getBody())).contains(ImageFormat.WEBP);
        assertThat(TestImages.psnr(TestImages.decode(denoised.getBody()), clean))
                .isGreaterThan(TestImages.psnr(noisy, clean) + 4);
        assertThat(unzip(api.download(job.path("archive_url").asText()).getBody()))
                .containsOnlyKeys("noisy-cat-denoised.webp", "noisy-cat.jpg");
    }

    @Test
    void everyInputFormatGoesThrough() {
        for (String source : new String[] {
            "astronaut.png", "chelsea.webp", "rocket.avif", "motorcycle.tif", "animated.gif", "cmyk.jpg", "grey16.tif"
        }) {
            JsonNode job = api.awaitFinished(api.submitAndGetId(fixture(source), "[\"webp\",\"metadata\"]"));
            assertThat(job.path("status").asText()).as(source).isEqualTo("COMPLETED");
        }
    }

    private static void assertImage(byte[] bytes, ImageFormat format, int width, int height) {
        assertThat(ImageFormat.detect(bytes)).contains(format);
        BufferedImage image = TestImages.decode(bytes);
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }
}
