package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.storage.LocalObjectStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.FileSystemUtils;

/**
 * With the object store unreadable, downloads are what uploads are: a fast 503 with Retry-After naming the object
 * store, never a 410 that would tell the client its file is gone for good.
 */
@PixToolsApplicationTest
@DirtiesContext
class ObjectStoreDownDownloadTests {

    @LocalServerPort
    int port;

    @Autowired
    LocalObjectStore objects;

    @Test
    void downloadsAnswer503NamingTheObjectStore() throws Exception {
        ApiClient api = new ApiClient(port);
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");
        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");

        // The objects directory disappears and a file takes its place.
        FileSystemUtils.deleteRecursively(objects.root());
        Files.writeString(objects.root(), "not a directory");

        for (String url : List.of(
                job.path("result_urls").path("webp").asText(),
                job.path("archive_url").asText())) {
            long started = System.nanoTime();
            ResponseEntity<JsonNode> refused = api.get(url);
            assertThat(refused.getStatusCode().value()).as(url).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(refused.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                    .isNull();
            assertThat(refused.getBody().path("error").asText()).isEqualTo("dependency_unavailable");
            assertThat(refused.getBody().path("dependency").asText()).isEqualTo("object_store");
        }
    }
}
