package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.testing.TestImages;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Every refusal of the API: its status, the field it names, and never a 5xx or a stack trace. */
@PixToolsApplicationTest
class ApiErrorTests {

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private static void assertError(ResponseEntity<JsonNode> response, int status, String field, String message) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        JsonNode body = response.getBody();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(body.path("message").asText())
                .contains(message)
                .doesNotContain("Exception")
                .doesNotContain("at io.");
        if (field != null) {
            assertThat(body.path("field").asText()).isEqualTo(field);
        }
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/json");
    }

    @ParameterizedTest(name = "operations={0} params={1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
        null              | null                                       | 422 | operations                         | required
        jpg               | null                                       | 422 | operations                         | not valid JSON
        ["jpg","gif"]     | null                                       | 422 | operations[1]                      | unknown operation 'gif'
        ["jpg","png","webp","avif","metadata","jpg","png"] | null       | 422 | operations                         | at most 6 operations
        ["webp"]          | {"webp":{"quality":101}}                   | 422 | operation_params.webp.quality      | must be from 1 to 100
        ["webp"]          | {"webp":{"resize":{"width":99999}}}        | 422 | operation_params.webp.resize.width | must be from 1 to 16384
        ["avif"]          | {"avif":{"effort":10}}                     | 422 | operation_params.avif.effort       | must be from 0 to 9
        ["jpg"]           | {"png":{}}                                 | 422 | operation_params.png               | not one of the requested operations
        ["jpg"]           | not json                                   | 422 | operation_params                   | not valid JSON
        """)
    void refusesBadFormFields(String operations, String params, int status, String field, String message) {
        ApiClient.Submission request = api.submit().file(fixture("camera.jpg"));
        if (operations != null) {
            request.operations(operations);
        }
        if (params != null) {
            request.params(params);
        }
        assertError(request.send(), status, field, message);
    }

    /**
     * Regression: Camel's HTTP binding puts query parameters and request headers into the same message headers as the
     * form's fields, so {@code ?operations=...} or an {@code operation_params} header set the job's fields.
     */
    @ParameterizedTest(name = "{1} {0}")
    @CsvSource(delimiter = '|', textBlock = """
        in the query string | operations       | ["png"]
        in the query string | operation_params | {"jpg":{"quality":1}}
        in the query string | webhook_url      | https://example.com/hook
        as a header         | operations       | ["png"]
        as a header         | operation_params | {"jpg":{"quality":1}}
        as a header         | webhook_url      | https://example.com/hook
        """)
    void refusesAFormFieldSentOutsideTheForm(String where, String field, String value) {
        ApiClient.Submission request = api.submit().file(fixture("camera.jpg"));
        if (!field.equals("operations")) {
            request.operations("[\"jpg\"]");
        }
        if (where.equals("as a header")) {
            request.header(field, value);
        } else {
            request.query(field, value);
        }
        assertError(request.send(), 422, field, "send it as a part of the multipart form, not " + where);
    }

    /** Regression: {@code ?Idempotency-Key=k} was taken as the key, by the same binding. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        in the query string | Idempotency-Key
        in the query string | idempotency-key
        as a form field     | Idempotency-Key
        """)
    void refusesAnIdempotencyKeySentOutsideTheHeaders(String where, String name) {
        ApiClient.Submission request = api.submit().file(fixture("camera.jpg")).operations("[\"jpg\"]");
        if (where.equals("as a form field")) {
            request.part(name, "k-" + where.length());
        } else {
            request.query(name, "k-" + where.length());
        }
        assertError(request.send(), 422, "Idempotency-Key", "send it as a request header, not " + where);
    }

    @Test
    void refusesTwoIdempotencyKeyHeaders() {
        ResponseEntity<JsonNode> response = api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .header("Idempotency-Key", "a")
                .header("Idempotency-Key", "b")
                .send();
        assertError(response, 422, "Idempotency-Key", "must be one header");
    }

    @Test
    void refusesTwoFileParts() {
        ResponseEntity<JsonNode> response = api.submit()
                .file(fixture("camera.jpg"))
                .file(fixture("astronaut.png"))
                .operations("[\"jpg\"]")
                .send();
        assertError(response, 422, "file", "exactly one image in a part named 'file' (got 2)");
    }

    @Test
    void refusesAMissingFile() {
        assertError(api.submit().operations("[\"jpg\"]").send(), 422, "file", "part named 'file'");
    }

    @Test
    void refusesAFileUnderAnotherName() {
        ResponseEntity<JsonNode> response =
                api.submit().part("image", "x").operations("[\"jpg\"]").send();
        assertError(response, 422, "file", "required");
    }

    @Test
    void refusesAWebhookThatIsNotHttp() {
        assertError(
                api.submit()
                        .file(fixture("camera.jpg"))
                        .operations("[\"jpg\"]")
                        .part("webhook_url", "gopher://x/")
                        .send(),
                422,
                "webhook_url",
                "http or https");
    }

    @Test
    void refusesAnInvalidIdempotencyKey() {
        assertError(
                api.submit()
                        .file(fixture("camera.jpg"))
                        .operations("[\"jpg\"]")
                        .key("x".repeat(256))
                        .send(),
                422,
                "Idempotency-Key",
                "1 to 255");
    }

    @Test
    void refusesTextWith415() {
        assertError(
                api.submit()
                        .file("notes.jpg", "just text".getBytes())
                        .operations("[\"jpg\"]")
                        .send(),
                415,
                "file",
                "unsupported image format");
    }

    @Test
    void refusesAJpegThatIsNotOne() {
        assertError(
                api.submit()
                        .file(fixture("truncated.jpg"))
                        .operations("[\"jpg\"]")
                        .send(),
                422,
                "file",
                "cannot be read");
    }

    @Test
    void refusesADecompressionBombWith413() {
        assertError(
                api.submit()
                        .file("bomb.png", TestImages.bombPng(60_000, 60_000))
                        .operations("[\"jpg\"]")
                        .send(),
                413,
                "file",
                "60000x60000");
    }

    @Test
    void refusesAnOutputLongerThanItsFormatHoldsAtIntake() {
        assertError(
                api.submit()
                        .file("tall.png", TestImages.bombPng(1, 70_000))
                        .operations("[\"png\",\"jpg\"]")
                        .send(),
                413,
                "operation_params.jpg.resize",
                "jpg holds at most 65500 pixels on a side");
    }

    @Test
    void refusesAnUploadOverTheSizeLimitWith413() {
        byte[] big = new byte[50 * 1024 * 1024 + 1];
        new Random(1).nextBytes(big);
        assertError(
                api.submit().file("big.jpg", big).operations("[\"jpg\"]").send(), 413, "file", "larger than the limit");
    }

    @Test
    void refusesJsonBodiesWith415() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> response =
                api.exchange(HttpMethod.POST, "/api/process", new HttpEntity<>("{\"operations\":[\"jpg\"]}", headers));
        assertError(response, 415, null, "multipart/form-data");
    }

    @Test
    void answersUnknownJobsWith404() {
        assertError(api.get("/api/jobs/00000000-0000-4000-8000-000000000000"), 404, null, "job not found");
        assertError(api.get("/api/jobs/not-a-job-id"), 404, null, "job not found");
        assertError(api.get("/api/jobs/00000000-0000-4000-8000-000000000000/archive"), 404, null, "job not found");
    }

    @Test
    void answersMissingResultsWith404() throws Exception {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\"]");
        api.awaitFinished(jobId);
        assertError(api.get("/api/jobs/" + jobId + "/results/png"), 404, null, "result 'png' not found");
        assertThat(api.get("/api/jobs/" + jobId + "/results/../../etc")
                        .getStatusCode()
                        .value())
                .as("path traversal is refused by the web server's firewall")
                .isEqualTo(400);
        assertThat(Files.exists(fixture("camera.jpg"))).isTrue();
    }

    @Test
    void answersUnknownEndpointsInTheSameShape() {
        assertError(api.get("/api/nothing-here"), 404, null, "no such endpoint");
    }

    @Test
    void neverEchoesRequestFieldsOrInternalHeaders() {
        ResponseEntity<JsonNode> response = api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .key("echo-test-1")
                .send();
        assertThat(response.getHeaders().keySet())
                .noneMatch(h -> h.startsWith("Pix")
                        || h.equalsIgnoreCase("operations")
                        || h.equalsIgnoreCase("Idempotency-Key")
                        || h.startsWith("Camel"));
    }
}
