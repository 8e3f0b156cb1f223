package io.pixtools.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@PixToolsApplicationTest
class HealthAndDocsTests {

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void healthChecksEveryDependency() {
        ResponseEntity<JsonNode> health = api.get("/api/health");
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        JsonNode checks = health.getBody().path("checks");
        assertThat(health.getBody().path("status").asText()).isEqualTo("UP");
        for (String dependency : new String[] {"database", "idempotency_store", "queue", "object_store"}) {
            assertThat(checks.path(dependency).path("status").asText()).as(dependency).isEqualTo("UP");
            assertThat(checks.path(dependency).path("latency_ms").isNumber()).as(dependency).isTrue();
        }
        assertThat(checks.path("queue").path("detail").asText()).contains("standard-queue").contains("/10000");
    }

    @Test
    void openApiDescribesTheContract() {
        JsonNode doc = api.get("/api/openapi.json").getBody();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("paths").has("/process")).isTrue();
        assertThat(doc.path("paths").path("/process").path("post").path("responses").has("202")).isTrue();
        assertThat(doc.path("paths").has("/jobs/{job_id}")).isTrue();
        assertThat(doc.path("paths").has("/jobs/{job_id}/results/{operation}")).isTrue();
        assertThat(doc.path("paths").has("/health")).isTrue();
    }

    @Test
    void docsServeTheBrowsableUi() {
        ResponseEntity<byte[]> page = api.download(api.base() + "/docs");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(new String(page.getBody(), StandardCharsets.UTF_8)).contains("swagger-ui").contains("/api/openapi.json");
        assertThat(api.download(api.base() + "/webjars/swagger-ui/swagger-ui-bundle.js").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void servesTheWebPageAtTheRoot() {
        ResponseEntity<byte[]> page = api.download(api.base() + "/");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(new String(page.getBody(), StandardCharsets.UTF_8)).contains("PixTools");
    }
}
