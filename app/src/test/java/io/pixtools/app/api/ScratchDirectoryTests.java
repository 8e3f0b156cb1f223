package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.config.ProcessDirectories;
import io.pixtools.app.settings.PixToolsProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.FileSystemUtils;

/**
 * The process's scratch directories (uploads, work files) removed under it, as a tmp cleaner does, come back; one that
 * cannot be written is the server's failure, a 503 with Retry-After, never a 400 that blames the client's upload.
 */
@PixToolsApplicationTest
@DirtiesContext
class ScratchDirectoryTests {

    @LocalServerPort
    int port;

    @Autowired
    PixToolsProperties properties;

    private Path uploads() {
        return ProcessDirectories.of(properties.dataDir(), "uploads");
    }

    @Test
    void removedScratchDirectoriesAreCreatedAgain() throws Exception {
        ApiClient api = new ApiClient(port);
        FileSystemUtils.deleteRecursively(uploads());
        FileSystemUtils.deleteRecursively(properties.workDirectory());

        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");

        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(uploads()).isDirectory();
        assertThat(properties.workDirectory()).isDirectory();
    }

    @Test
    void anUploadDirectoryThatCannotBeWrittenIsA503NamingIt() throws Exception {
        ApiClient api = new ApiClient(port);
        FileSystemUtils.deleteRecursively(uploads());
        Files.writeString(uploads(), "a file where the directory was");
        try {
            ResponseEntity<JsonNode> refused = api.submit()
                    .file(fixture("camera.jpg"))
                    .operations("[\"jpg\"]")
                    .send();

            assertThat(refused.getStatusCode().value()).isEqualTo(503);
            assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(refused.getBody().path("error").asText()).isEqualTo("dependency_unavailable");
            assertThat(refused.getBody().path("dependency").asText()).isEqualTo("upload_directory");
        } finally {
            Files.delete(uploads());
        }
        assertThat(api.submit()
                        .file(fixture("camera.jpg"))
                        .operations("[\"jpg\"]")
                        .send()
                        .getStatusCode()
                        .value())
                .as("writable again")
                .isEqualTo(202);
    }
}
