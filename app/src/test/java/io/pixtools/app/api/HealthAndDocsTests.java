package io.pixtools.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

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
            assertThat(checks.path(dependency).path("status").asText())
                    .as(dependency)
                    .isEqualTo("UP");
            assertThat(checks.path(dependency).path("latency_ms").isNumber())
                    .as(dependency)
                    .isTrue();
        }
        assertThat(checks.path("queue").path("detail").asText())
                .contains("standard-queue")
                .contains("/10000");
    }

    @Test
    void openApiDescribesTheContract() {
        JsonNode doc = api.get("/api/openapi.json").getBody();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("paths").has("/process")).isTrue();
        assertThat(doc.path("paths")
                        .path("/process")
                        .path("post")
                        .path("responses")
                        .has("202"))
                .isTrue();
        assertThat(doc.path("paths").has("/jobs/{job_id}")).isTrue();
        assertThat(doc.path("paths").has("/jobs/{job_id}/results/{operation}")).isTrue();
        assertThat(doc.path("paths").has("/health")).isTrue();
    }

    /** /docs can send a key: the description names the two ways, and which routes need one. */
    @Test
    void openApiSaysHowToSendAKey() {
        JsonNode doc = api.get("/api/openapi.json").getBody();
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("bearer").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("apiKey").path("in").asText()).isEqualTo("header");
        assertThat(schemes.path("apiKey").path("name").asText()).isEqualTo("X-API-Key");
        JsonNode process = doc.path("paths").path("/process").path("post");
        assertThat(process.path("security").toString()).contains("bearer").contains("apiKey");
        assertThat(process.path("responses").has("401")).isTrue();
        assertThat(process.path("responses").has("429")).isTrue();
        assertThat(doc.path("paths").path("/health").path("get").has("security"))
                .as("health needs no key")
                .isFalse();
    }

    /** A strict OpenAPI 3 parser accepts the document, and the upload is a multipart form with a binary file. */
    @Test
    void openApiIsValidAndDescribesTheUploadForm() {
        String doc = new String(api.download(api.base() + "/api/openapi.json").getBody(), StandardCharsets.UTF_8);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc, null, null);
        assertThat(parsed.getMessages()).isEmpty();
        var form = parsed.getOpenAPI()
                .getPaths()
                .get("/process")
                .getPost()
                .getRequestBody()
                .getContent()
                .get("multipart/form-data");
        assertThat(form).isNotNull();
        var schema = parsed.getOpenAPI().getComponents().getSchemas().get("ProcessForm");
        assertThat(schema.getRequired()).containsExactlyInAnyOrder("file", "operations");
        assertThat(((io.swagger.v3.oas.models.media.Schema<?>)
                                schema.getProperties().get("file"))
                        .getFormat())
                .isEqualTo("binary");
        assertThat(parsed.getOpenAPI().getServers())
                .extracting(io.swagger.v3.oas.models.servers.Server::getUrl)
                .containsExactly("/api");
    }

    @Test
    void docsServeTheBrowsableUi() {
        ResponseEntity<byte[]> page = api.download(api.base() + "/docs");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(new String(page.getBody(), StandardCharsets.UTF_8))
                .contains("swagger-ui")
                .contains("/docs/swagger-init.js");
        assertThat(new String(api.download(api.base() + "/docs/swagger-init.js").getBody(), StandardCharsets.UTF_8))
                .contains("/api/openapi.json");
        assertThat(api.download(api.base() + "/webjars/swagger-ui/swagger-ui-bundle.js")
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    @Test
    void servesTheWebPageAtTheRoot() {
        ResponseEntity<byte[]> page = api.download(api.base() + "/");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(new String(page.getBody(), StandardCharsets.UTF_8)).contains("PixTools");
    }
}
