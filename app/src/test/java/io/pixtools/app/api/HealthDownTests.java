package io.pixtools.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.storage.LocalObjectStore;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.FileSystemUtils;

/** With the object store gone, health says so: 503, naming it, while the other checks stay UP. */
@PixToolsApplicationTest
@DirtiesContext
class HealthDownTests {

    @LocalServerPort
    int port;

    @Autowired
    LocalObjectStore objects;

    @Test
    void reportsTheDependencyThatIsDown() throws Exception {
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/api/health").getStatusCode().value()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").getStatusCode().value())
                .isEqualTo(200);

        // The objects directory disappears and a file takes its place: nothing can be stored any more.
        FileSystemUtils.deleteRecursively(objects.root());
        Files.writeString(objects.root(), "not a directory");

        ResponseEntity<JsonNode> health = api.get("/api/health");
        assertThat(health.getStatusCode().value()).isEqualTo(503);
        assertThat(health.getBody().path("status").asText()).isEqualTo("DOWN");
        assertThat(health.getBody().path("down")).extracting(JsonNode::asText).containsExactly("object_store");
        assertThat(health.getBody()
                        .path("checks")
                        .path("object_store")
                        .path("error")
                        .asText())
                .isNotBlank();
        assertThat(health.getBody()
                        .path("checks")
                        .path("database")
                        .path("status")
                        .asText())
                .isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").getStatusCode().value())
                .as("readiness includes the dependencies")
                .isEqualTo(503);
        assertThat(api.get("/actuator/health/liveness").getStatusCode().value())
                .as("liveness is the process alone")
                .isEqualTo(200);
    }
}
