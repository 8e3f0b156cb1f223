package io.pixtools.app.hostile;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.testing.HostileImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The hostile corpus through the API, every operation at once. Regression: two small metadata bombs (a PNG whose
 * zTXt inflates to 2 GiB, a JPEG whose extended XMP claims 2 GB) killed both in-JVM worker threads with
 * OutOfMemoryError; later jobs stayed PENDING for ever while health said UP.
 */
@PixToolsApplicationTest
class HostileUploadTests {

    @LocalServerPort
    int port;

    @Value("${pixtools.data-dir}")
    String dataDir;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void everyHostileFileGetsARefusalOrAFinishedJobAndTheServiceKeepsWorking() {
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, byte[]> hostile : HostileImages.corpus(2L << 30).entrySet()) {
            ResponseEntity<JsonNode> response = api.submit()
                    .file(hostile.getKey(), hostile.getValue())
                    .operations("[\"metadata\",\"jpg\",\"webp\"]")
                    .send();
            int status = response.getStatusCode().value();
            assertThat(status)
                    .as("%s: %s", hostile.getKey(), response.getBody())
                    .isIn(202, 413, 415, 422);
            if (status == 202) {
                accepted.add(hostile.getKey() + "="
                        + response.getBody().path("job_id").asText());
            } else {
                assertThat(response.getBody().path("message").asText())
                        .as(hostile.getKey())
                        .startsWith("file: ");
            }
        }
        assertThat(accepted)
                .as("the metadata bombs pass intake: only their metadata is hostile")
                .hasSizeGreaterThanOrEqualTo(8);
        for (String entry : accepted) {
            String name = entry.substring(0, entry.indexOf('='));
            JsonNode job = api.awaitFinished(entry.substring(entry.indexOf('=') + 1));
            if (job.path("status").asText().equals("FAILED")) {
                assertThat(job.path("error_message").asText())
                        .as(name)
                        .isNotBlank()
                        .doesNotContain("internal error");
            }
            assertThat(job.path("outputs").path("metadata").path("status").asText())
                    .as(name + ": " + job)
                    .isEqualTo("COMPLETED");
        }

        JsonNode normal =
                api.awaitFinished(api.submitAndGetId(fixture("camera.jpg"), "[\"metadata\",\"jpg\",\"webp\"]"));
        assertThat(normal.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(api.get("/api/health").getBody().path("status").asText()).isEqualTo("UP");
    }

    /** Regression: file parts sent to any route but intake were copied to the web server's temp directory for good. */
    @Test
    void uploadsToAnyOtherRouteAreRefusedAndLeaveNoFile() throws IOException {
        long before = scratchFiles();
        for (String path : List.of("/api/health", "/api/jobs/x", "/api/operations", "/docs", "/")) {
            for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST)) {
                MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
                form.add("file", new FileSystemResource(fixture("astronaut.png")));
                HttpHeaders headers = new HttpHeaders();
                headers.setContentType(MediaType.MULTIPART_FORM_DATA);
                ResponseEntity<JsonNode> response = api.exchange(method, path, new HttpEntity<>(form, headers));
                assertThat(response.getStatusCode().value())
                        .as("%s %s", method, path)
                        .isEqualTo(415);
                assertThat(response.getBody().path("field").asText()).isEqualTo("Content-Type");
            }
        }
        assertThat(scratchFiles()).isEqualTo(before);
    }

    private long scratchFiles() throws IOException {
        long count = 0;
        for (String root : List.of("tomcat", "uploads", "tmp")) {
            Path dir = Path.of(dataDir, root);
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    count += files.filter(Files::isRegularFile).count();
                }
            }
        }
        return count;
    }

    @Test
    void theMetadataOfABombSaysWhatWasLeftOut() {
        String id = api.submit()
                .file("bomb.png", HostileImages.pngTextBomb("zTXt", 64L << 20))
                .operations("[\"metadata\"]")
                .send()
                .getBody()
                .path("job_id")
                .asText();
        JsonNode job = api.awaitFinished(id);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("metadata").path("warnings").toString()).contains("zTXt chunk skipped");
    }

    @Test
    void anEnlargedOutputOverThePixelLimitIsRefusedAtIntake() {
        ResponseEntity<JsonNode> response = api.submit()
                .file(fixture("alpha.png"))
                .operations("[\"avif\"]")
                .params("{\"avif\":{\"resize\":{\"width\":16384,\"height\":16384,\"fit\":\"fill\",\"enlarge\":true}}}")
                .send();
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getBody().path("field").asText()).isEqualTo("operation_params.avif.resize");
        assertThat(response.getBody().path("message").asText()).contains("the output would be 16384x16384 pixels");
    }

    @Test
    void aDamagedJpegFailsWithAClearMessageUnlessALenientDecodeIsAsked() throws Exception {
        byte[] truncated = HostileImages.truncated(java.nio.file.Files.readAllBytes(fixture("camera.jpg")), 0.5);
        JsonNode strict = api.awaitFinished(api.submit()
                .file("half.jpg", truncated)
                .operations("[\"jpg\"]")
                .send()
                .getBody()
                .path("job_id")
                .asText());
        assertThat(strict.path("status").asText()).isEqualTo("FAILED");
        assertThat(strict.path("error_message").asText())
                .contains("damaged (corrupt or truncated)")
                .contains("fail_on");

        JsonNode lenient = api.awaitFinished(api.submit()
                .file("half.jpg", truncated)
                .operations("[\"jpg\"]")
                .params("{\"jpg\":{\"fail_on\":\"none\"}}")
                .send()
                .getBody()
                .path("job_id")
                .asText());
        assertThat(lenient.path("status").asText()).isEqualTo("COMPLETED");
    }
}
