package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.storage.LocalObjectStore;
import io.pixtools.app.storage.ObjectKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * A finished job whose output file the object store no longer has (deleted by hand, or by S3's lifecycle rule before
 * the pruner removed the job): its download is 410 Gone as JSON, with a WARN line and no stack trace; its archive is
 * not built without it. And the error page's path is not an endpoint.
 */
@PixToolsApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class GoneDownloadTests {

    @LocalServerPort
    int port;

    @Autowired
    LocalObjectStore objects;

    @Autowired
    PixToolsProperties properties;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void aResultWhoseFileWasDeletedIsGoneAndTheOthersStillDownload(CapturedOutput log) throws Exception {
        JsonNode job = finishedJobWithoutItsWebp();

        ResponseEntity<JsonNode> gone =
                api.get(job.path("result_urls").path("webp").asText());

        assertGone(gone, "result 'webp' is no longer in the object store");
        assertThat(api.download(job.path("result_urls").path("jpg").asText())
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(log.getOut())
                .contains("is missing from the object store")
                .doesNotContain("Unhandled error")
                .doesNotContain("NoSuchKeyException");
    }

    /** A ZIP built without the missing entry would be stored and served as the whole job's from then on. */
    @Test
    void anArchiveIsNotBuiltWithoutAnOutputWhoseFileIsGone(CapturedOutput log) throws Exception {
        JsonNode job = finishedJobWithoutItsWebp();
        String jobId = job.path("job_id").asText();

        ResponseEntity<JsonNode> gone = api.get(job.path("archive_url").asText());

        assertGone(gone, "archive cannot be built: its entry camera.webp is no longer in the object store");
        assertThat(objects.root().resolve(ObjectKeys.archive(jobId)))
                .as("nothing stored")
                .doesNotExist();
        assertGone(api.get(job.path("archive_url").asText()), "camera.webp");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(workFiles("bundle-"))
                        .as("no half-built ZIP or downloaded entry is left behind")
                        .isEmpty());
        assertThat(log.getOut())
                .doesNotContain("Unhandled error")
                .doesNotContain("NoSuchKeyException")
                .doesNotContain("GenericFileOperationFailedException");
    }

    @Test
    void theErrorPageIsAnUnknownPath() {
        ResponseEntity<JsonNode> response = api.get("/error");

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().path("status").asInt()).isEqualTo(404);
        assertThat(response.getBody().path("error").asText()).isEqualTo("not_found");
        assertThat(response.getBody().path("message").asText()).contains("no such endpoint: /error");
    }

    private JsonNode finishedJobWithoutItsWebp() throws Exception {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");
        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        Files.delete(objects.root().resolve("jobs/" + jobId + "/webp.webp"));
        return job;
    }

    private List<Path> workFiles(String prefix) throws IOException {
        if (!Files.isDirectory(properties.workDirectory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(properties.workDirectory())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .toList();
        }
    }

    private static void assertGone(ResponseEntity<JsonNode> response, String message) {
        assertThat(response.getStatusCode().value()).isEqualTo(410);
        assertThat(response.getHeaders().getContentType()).hasToString("application/json");
        assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .as("a browser would save the error as the image")
                .isNull();
        assertThat(response.getBody().path("status").asInt()).isEqualTo(410);
        assertThat(response.getBody().path("error").asText()).isEqualTo("gone");
        assertThat(response.getBody().path("message").asText()).contains(message);
    }
}
