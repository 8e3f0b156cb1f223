package io.pixtools.app.edge;

import static io.pixtools.app.edge.EdgeHeaders.DOCS_POLICY;
import static io.pixtools.app.edge.EdgeHeaders.NOTHING_POLICY;
import static io.pixtools.app.edge.EdgeHeaders.PAGE_POLICY;
import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.PixToolsApplicationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every kind of response, over real HTTP, carries the security headers and says how long it may be cached: API
 * JSON, downloads, the web page and its files, the docs, errors from every layer, the actuator and the consoles.
 */
@PixToolsApplicationTest
class EdgeHeadersTests {

    static final String MANAGEMENT_CREDENTIALS = "Authorization: Basic "
            + Base64.getEncoder()
                    .encodeToString(
                            ("admin:" + PixToolsApplicationTest.MANAGEMENT_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String MULTIPART = "Content-Type: multipart/form-data; boundary=edge";
    private static final String A_PART =
            "--edge\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--edge--\r\n";
    private static final String BOUNDARY = "edge-upload";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One finished job (WebP only), shared by the cases that download. */
    private static JsonNode job;

    @LocalServerPort
    int port;

    private RawHttp http;

    @BeforeEach
    void client() {
        http = new RawHttp(port);
    }

    record Case(
            String name,
            String method,
            String target,
            String body,
            String header,
            int status,
            String policy,
            String cacheControl) {

        static Case get(String name, String target, int status, String policy, String cacheControl) {
            return new Case(name, "GET", target, null, null, status, policy, cacheControl);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> everyKindOfResponse() {
        return Stream.of(
                Case.get("the web page", "/", 200, PAGE_POLICY, "no-cache"),
                Case.get("a script of the web page", "/js/app.js", 200, NOTHING_POLICY, "no-cache"),
                Case.get("the stylesheet", "/styles.css", 200, NOTHING_POLICY, "no-cache"),
                Case.get("the API docs page", "/docs", 200, DOCS_POLICY, "no-cache"),
                Case.get(
                        "Swagger UI's script",
                        "/webjars/swagger-ui/swagger-ui-bundle.js",
                        200,
                        NOTHING_POLICY,
                        "no-cache"),
                Case.get("the OpenAPI description", "/api/openapi.json", 200, NOTHING_POLICY, "no-store"),
                Case.get("the operations list", "/api/operations", 200, NOTHING_POLICY, "no-store"),
                Case.get("the API health", "/api/health", 200, NOTHING_POLICY, "no-store"),
                Case.get("a job's JSON", "/api/jobs/{job}", 200, NOTHING_POLICY, "no-store"),
                Case.get(
                        "an unknown job",
                        "/api/jobs/00000000-0000-4000-8000-000000000000",
                        404,
                        NOTHING_POLICY,
                        "no-store"),
                Case.get("a download", "{result}", 200, NOTHING_POLICY, "private, max-age=3600"),
                Case.get("the ZIP", "{archive}", 200, NOTHING_POLICY, "private, max-age=3600"),
                Case.get(
                        "a download that does not exist",
                        "/api/jobs/{job}/results/avif",
                        404,
                        NOTHING_POLICY,
                        "no-store"),
                Case.get("an unknown API path", "/api/nothing-here", 404, NOTHING_POLICY, "no-store"),
                Case.get("an unknown page", "/nothing-here.html", 404, NOTHING_POLICY, "no-store"),
                new Case("a wrong method", "DELETE", "/api/operations", null, null, 405, NOTHING_POLICY, "no-store"),
                new Case(
                        "an upload sent elsewhere",
                        "POST",
                        "/api/operations",
                        A_PART,
                        MULTIPART,
                        415,
                        NOTHING_POLICY,
                        "no-store"),
                new Case(
                        "an upload that is not multipart",
                        "POST",
                        "/api/process",
                        "{}",
                        "Content-Type: application/json",
                        415,
                        NOTHING_POLICY,
                        "no-store"),
                Case.get("the liveness probe", "/actuator/health/liveness", 200, NOTHING_POLICY, "no-store"),
                Case.get("the metrics", "/actuator/prometheus", 200, NOTHING_POLICY, "no-store"),
                Case.get("the build info", "/actuator/info", 200, NOTHING_POLICY, "no-store"),
                Case.get("the console without credentials", "/actuator/hawtio/", 401, NOTHING_POLICY, "no-store"),
                Case.get("Jolokia without credentials", "/actuator/jolokia/version", 401, NOTHING_POLICY, "no-store"),
                new Case(
                        "Jolokia with credentials",
                        "GET",
                        "/actuator/jolokia/version",
                        null,
                        MANAGEMENT_CREDENTIALS,
                        200,
                        NOTHING_POLICY,
                        "no-store"),
                Case.get(
                        "a path the firewall refuses", "/actuator/./jolokia/version", 400, NOTHING_POLICY, "no-store"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKindOfResponse")
    void everyResponseCarriesTheSecurityHeaders(Case kind) {
        RawHttp.Response response = send(kind);
        assertThat(response.status()).as("%s", response).isEqualTo(kind.status());
        assertThat(response.all("Content-Security-Policy")).as("%s", response).containsExactly(kind.policy());
        assertThat(response.all("X-Content-Type-Options")).as("%s", response).containsExactly("nosniff");
        assertThat(response.all("X-Frame-Options")).as("%s", response).containsExactly("DENY");
        assertThat(response.all("Referrer-Policy")).as("%s", response).containsExactly("no-referrer");
        assertThat(response.all("Cross-Origin-Opener-Policy"))
                .as("%s", response)
                .containsExactly("same-origin");
        assertThat(response.all("Permissions-Policy"))
                .as("%s", response)
                .singleElement()
                .asString()
                .contains("camera=()", "geolocation=()", "microphone=()");
        assertThat(response.all("Strict-Transport-Security"))
                .as("plain HTTP: %s", response)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKindOfResponse")
    void everyResponseSaysHowLongItMayBeCached(Case kind) {
        RawHttp.Response response = send(kind);
        assertThat(response.status()).as("%s", response).isEqualTo(kind.status());
        assertThat(response.all("Cache-Control")).as("%s", response).containsExactly(kind.cacheControl());
    }

    /** The policies themselves: no inline code, no evaluated strings, no other origin, no framing. */
    @Test
    void thePoliciesAllowNoInlineCodeAndNoFraming() {
        for (String policy : List.of(PAGE_POLICY, DOCS_POLICY, NOTHING_POLICY)) {
            assertThat(policy)
                    .as(policy)
                    .startsWith("default-src 'none';")
                    .contains("frame-ancestors 'none'")
                    .contains("base-uri 'none'")
                    .doesNotContain("'unsafe-", "*", "http:", "https:");
        }
        assertThat(PAGE_POLICY).contains("script-src 'self';", "style-src 'self';");
        assertThat(DOCS_POLICY).contains("script-src 'self';", "style-src 'self';");
    }

    /** What the page and the docs would need 'unsafe-inline' for: inline scripts, event handlers and styles. */
    @Test
    void thePagesHaveNoInlineScriptsHandlersOrStyles() {
        for (String page : List.of("/", "/docs")) {
            String html = http.get(page).body();
            assertThat(html).as(page).containsPattern("<script[^>]*\\ssrc=");
            assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>")
                            .matcher(html)
                            .find())
                    .as("%s: an inline script", page)
                    .isFalse();
            assertThat(html)
                    .as(page)
                    .doesNotContainPattern("\\son[a-z]+\\s*=")
                    .doesNotContainPattern("\\sstyle\\s*=")
                    .doesNotContain("<style")
                    .doesNotContain("javascript:");
        }
    }

    @Test
    void strictTransportSecurityOnlyWhenTheRequestCameOverHttps() {
        assertThat(http.get("/api/health").all("Strict-Transport-Security")).isEmpty();
        assertThat(http.get("/api/health", "X-Forwarded-Proto: http").all("Strict-Transport-Security"))
                .isEmpty();
        assertThat(http.get("/api/health", "X-Forwarded-Proto: https").all("Strict-Transport-Security"))
                .containsExactly("max-age=31536000");
        assertThat(http.get("/", "X-Forwarded-Proto: https").all("Strict-Transport-Security"))
                .containsExactly("max-age=31536000");
    }

    /** A download link may be embedded by another site (that is what signed links are for); nothing else may. */
    @Test
    void onlyDownloadsMayBeLoadedByOtherOrigins() {
        assertThat(send(Case.get("", "{result}", 200, null, null)).all("Cross-Origin-Resource-Policy"))
                .containsExactly("cross-origin");
        assertThat(send(Case.get("", "{archive}", 200, null, null)).all("Cross-Origin-Resource-Policy"))
                .containsExactly("cross-origin");
        for (String path : List.of(
                "/", "/api/jobs/" + finishedJob().path("job_id").asText(), "/api/operations", "/actuator/health")) {
            assertThat(http.get(path).all("Cross-Origin-Resource-Policy"))
                    .as(path)
                    .containsExactly("same-origin");
        }
    }

    /**
     * Hawtio adds the policy its console needs (it uses inline styles) and its own frame and cache headers: they
     * replace the edge's rather than arriving twice, which a browser would combine.
     */
    @Test
    void theConsoleSendsEachHeaderOnce() {
        RawHttp.Response console = http.get("/actuator/hawtio/", MANAGEMENT_CREDENTIALS);
        assertThat(console.status()).as("%s", console).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");
        for (String name : EdgeHeaders.NAMES) {
            if (!name.equals("strict-transport-security")) {
                assertThat(console.all(name)).as("%s in %s", name, console).hasSize(1);
            }
        }
        assertThat(console.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(console.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    private RawHttp.Response send(Case kind) {
        String[] headers = kind.header() == null ? new String[0] : new String[] {kind.header()};
        return http.send(kind.method(), target(kind.target()), kind.body(), headers);
    }

    private String target(String template) {
        if (!template.contains("{")) {
            return template;
        }
        JsonNode finished = finishedJob();
        return template.replace("{job}", finished.path("job_id").asText())
                .replace(
                        "{result}",
                        pathAndQuery(finished.path("result_urls").path("webp").asText()))
                .replace("{archive}", pathAndQuery(finished.path("archive_url").asText()));
    }

    private JsonNode finishedJob() {
        synchronized (EdgeHeadersTests.class) {
            if (job == null) {
                RawHttp.Response accepted = http.send(
                        "POST",
                        "/api/process",
                        upload(fixture("camera.jpg"), "[\"webp\"]"),
                        "Content-Type: multipart/form-data; boundary=" + BOUNDARY);
                assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
                String id = json(accepted.body()).path("job_id").asText();
                job = await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () -> json(http.get("/api/jobs/" + id).body()),
                                polled -> List.of("COMPLETED", "FAILED")
                                        .contains(polled.path("status").asText()));
                assertThat(job.path("status").asText()).as("%s", job).isEqualTo("COMPLETED");
            }
            return job;
        }
    }

    private static byte[] upload(Path image, String operations) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n"
                            + operations
                            + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                            + image.getFileName()
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(Files.readAllBytes(image));
            body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return body.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
    }

    private static String pathAndQuery(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
