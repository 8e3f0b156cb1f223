package io.pixtools.app.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.PixToolsApplicationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Only health, info and metrics answer without the management credentials, over real HTTP, whatever spelling of the
 * path an attacker sends: the servlet container decodes and normalises paths, so these variants are sent byte for byte
 * to the running server and must end in a refusal (400 from the firewall, 401, or 404), never in a console.
 */
@PixToolsApplicationTest
class ManagementAccessTests {

    /** Spellings of the way to Jolokia's version (harmless to read, and Jolokia's answer is easy to recognise). */
    static final List<String> JOLOKIA_IN_DISGUISE = List.of(
            "/%61ctuator/jolokia/version",
            "/actuator/%6Aolokia/version",
            "/actuator/%6aolokia/version",
            "/%61%63%74%75%61%74%6f%72/%6a%6f%6c%6f%6b%69%61/version",
            "/actuator/jolokia/%76ersion",
            "//actuator/jolokia/version",
            "/actuator//jolokia/version",
            "/actuator/./jolokia/version",
            "/./actuator/jolokia/version",
            "/api/../actuator/jolokia/version",
            "/api/%2e%2e/actuator/jolokia/version",
            "/actuator/health/../jolokia/version",
            "/actuator/health/%2e%2e/jolokia/version",
            "/actuator/health/..%2fjolokia/version",
            "/actuator/health/..;/jolokia/version",
            "/actuator/health/liveness/../../jolokia/version",
            "/actuator/prometheus/../jolokia/version",
            "/actuator;x=y/jolokia/version",
            "/actuator;/jolokia/version",
            "/actuator/jolokia;x=y/version",
            "/actuator%2fjolokia/version",
            "/actuator%2Fjolokia/version",
            "/actuator\\jolokia/version",
            "/actuator/jolokia%00/version",
            "/ACTUATOR/jolokia/version",
            "/Actuator/Jolokia/version",
            "/actuator/JOLOKIA/version",
            "/actuator/hawtio/jolokia/version",
            "/actuator/hawtio/../jolokia/version",
            "/actuator/hawtio/jolokia/../../jolokia/version",
            "/actuator/jolokia/version/",
            "/actuator/jolokia/version?x=/actuator/health");

    static final List<String> CONSOLE_IN_DISGUISE = List.of(
            "/%61ctuator/hawtio/",
            "/actuator/%68awtio/",
            "/actuator/HAWTIO/",
            "/actuator/./hawtio/",
            "/actuator;x=y/hawtio/",
            "/actuator/health/../hawtio/");

    private static final String CREDENTIALS = EdgeHeadersTests.MANAGEMENT_CREDENTIALS;

    @LocalServerPort
    int port;

    private RawHttp http;

    @BeforeEach
    void client() {
        http = new RawHttp(port);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/actuator/health",
                "/actuator/health/liveness",
                "/actuator/health/readiness",
                "/actuator/prometheus",
                "/actuator/info"
            })
    void probesMetricsAndInfoAnswerWithoutCredentials(String path) {
        RawHttp.Response response = http.get(path);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/actuator",
                "/actuator/",
                "/actuator/jolokia",
                "/actuator/jolokia/version",
                "/actuator/jolokia/read/java.lang:type=Runtime",
                "/actuator/hawtio",
                "/actuator/hawtio/",
                "/actuator/hawtio/jolokia/version",
                "/actuator/env",
                "/actuator/beans",
                "/actuator/heapdump",
                "/actuator/loggers",
                "/actuator/metrics",
                "/actuator/anything-exposed-later"
            })
    void everythingElseUnderTheActuatorNeedsTheCredentials(String path) {
        RawHttp.Response response = http.get(path);
        assertThat(response.status()).as("%s", response).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).as("%s", response).startsWith("Basic");
    }

    @Test
    void jolokiaRefusesWritesAndExecutionWithoutCredentials() {
        String exec = "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}";
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "HEAD")) {
            RawHttp.Response response = http.send(method, "/actuator/jolokia", exec, "Content-Type: application/json");
            assertThat(response.status()).as("%s: %s", method, response).isEqualTo(401);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jolokiaInDisguise")
    void encodedAndUnnormalisedPathsNeverReachJolokiaWithoutCredentials(String target) {
        RawHttp.Response response = http.get(target);
        assertThat(response.status()).as("%s", response).isIn(400, 401, 404);
        assertThat(response.body())
                .as("%s", response)
                .doesNotContain("\"agent\"")
                .doesNotContain("\"value\"");
        assertThat(response.header("X-Content-Type-Options"))
                .as("edge headers on the refusal: %s", response)
                .isEqualTo("nosniff");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consoleInDisguise")
    void encodedAndUnnormalisedPathsNeverReachTheConsoleWithoutCredentials(String target) {
        RawHttp.Response response = http.get(target);
        assertThat(response.status()).as("%s", response).isIn(400, 401, 404);
        assertThat(response.body()).as("%s", response).doesNotContainIgnoringCase("<html");
    }

    /**
     * The control for the tests above: with the credentials, the raw client reaches Jolokia by its plain path, so a
     * refusal without them is the credentials check, not a client that cannot get there.
     */
    @Test
    void jolokiaAnswersWithTheCredentials() {
        RawHttp.Response response = http.get("/actuator/jolokia/version", CREDENTIALS);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.body()).as("%s", response).contains("\"agent\"");
    }

    /**
     * The container would route {@code /%61ctuator/jolokia} to Jolokia, but Spring's path parsing cannot follow a
     * servlet prefix spelled that way (a 500 before {@link io.pixtools.app.edge.NonCanonicalPathFilter}): such
     * spellings are refused as malformed, with or without the credentials.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/%61ctuator/jolokia/version",
                "/actuator/%6Aolokia/version",
                "/actuator/./jolokia/version",
                "/actuator;x=y/jolokia/version",
                "/actuator/jolokia;x=y/version"
            })
    void anotherSpellingOfJolokiasPrefixIsMalformedEvenWithTheCredentials(String target) {
        RawHttp.Response response = http.get(target, CREDENTIALS);
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.all("Cache-Control")).as("%s", response).containsExactly("no-store");
    }

    @Test
    void aWrongPasswordIsRefused() {
        String wrong = "Authorization: Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin:" + PixToolsApplicationTest.MANAGEMENT_PASSWORD + "x")
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(http.get("/actuator/jolokia/version", wrong).status()).isEqualTo(401);
        assertThat(http.get(
                                "/actuator/jolokia/version",
                                "Authorization: Bearer " + PixToolsApplicationTest.MANAGEMENT_PASSWORD)
                        .status())
                .isEqualTo(401);
    }

    static List<String> jolokiaInDisguise() {
        return JOLOKIA_IN_DISGUISE;
    }

    static List<String> consoleInDisguise() {
        return CONSOLE_IN_DISGUISE;
    }
}
