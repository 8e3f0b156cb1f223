package io.pixtools.app.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.PixToolsApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests that Tomcat refuses before any filter or route runs get the API's JSON error, not Tomcat's HTML page, and
 * the edge headers. Sent over a raw socket: HTTP clients will not send these.
 */
@PixToolsApplicationTest
class ContainerRefusalTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private RawHttp http;

    @BeforeEach
    void client() {
        http = new RawHttp(port);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        an encoded slash  | /api/jobs/a%2fb
        an encoded NUL    | /api/jobs/a%00b
        a backslash       | /api/jobs/a\\b
        an encoded dot-dot| /api/%2e%2e/%2e%2e/etc/passwd
        """)
    void aMalformedPathGetsAJsonError(String what, String target) throws Exception {
        assertJsonRefusal(http.get(target), 400);
    }

    @ParameterizedTest(name = "a header of {0} bytes")
    @CsvSource({"20000", "70000"})
    void aHeaderTooLargeGetsAJsonError(int size) throws Exception {
        RawHttp.Response response = http.get("/api/health", "X-Padding: " + "a".repeat(size));
        assertJsonRefusal(response, response.status());
        assertThat(response.status()).isIn(400, 431);
    }

    private static void assertJsonRefusal(RawHttp.Response response, int status) throws Exception {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("%s", response).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asInt()).as("%s", response).isEqualTo(status);
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("<html", "Apache Tomcat");
        assertThat(response.all("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(response.all("Cache-Control")).containsExactly("no-store");
    }
}
