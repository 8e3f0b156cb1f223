package io.pixtools.app.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.PixToolsApplication;
import io.pixtools.app.settings.PixToolsProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The production set-up an operator would choose: the management endpoints on a port of their own
 * ({@code MANAGEMENT_SERVER_PORT}, here {@code management.server.port}) and no management password configured, so
 * one is generated. Its log output is captured from the start of the application.
 */
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureObservability
@SpringBootTest(
        classes = PixToolsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pixtools.data-dir=target/test-data/${random.uuid}", "management.server.port=0"})
class SeparateManagementPortTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    PixToolsProperties properties;

    private RawHttp application;
    private RawHttp management;

    @BeforeEach
    void clients() {
        application = new RawHttp(port);
        management = new RawHttp(managementPort);
    }

    @Test
    void theGeneratedPasswordIsKeptForItsOwnerAndNeverLogged(CapturedOutput output) throws IOException {
        Path file = passwordFile();
        String password = Files.readString(file).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(output.getAll()).as("the log names the file").contains(file.toString());
        assertThat(output.getAll())
                .doesNotContain(password)
                .doesNotContain(password.substring(0, 8))
                .doesNotContain("Using generated security password");
        assertThat(management.get("/actuator/jolokia/version", basic(password)).status())
                .isEqualTo(200);
    }

    @Test
    void theConsolesLeaveTheApplicationPort() throws IOException {
        String credentials = basic(Files.readString(passwordFile()).strip());
        for (String path :
                List.of("/actuator/jolokia/version", "/actuator/hawtio/", "/actuator/health", "/actuator/prometheus")) {
            RawHttp.Response response = application.get(path, credentials);
            assertThat(response.status()).as("%s: %s", path, response).isEqualTo(404);
        }
        assertThat(application.get("/api/health").status()).isEqualTo(200);
    }

    @Test
    void probesMetricsAndInfoAnswerWithoutCredentialsOnTheManagementPort() {
        for (String path : List.of(
                "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus", "/actuator/info")) {
            RawHttp.Response response = management.get(path);
            assertThat(response.status()).as("%s: %s", path, response).isEqualTo(200);
            assertThat(response.all("Cache-Control")).as(path).containsExactly("no-store");
            assertThat(response.all("X-Content-Type-Options")).as(path).containsExactly("nosniff");
        }
    }

    @Test
    void theConsolesNeedTheCredentialsOnTheManagementPortWhateverThePath() throws IOException {
        String credentials = basic(Files.readString(passwordFile()).strip());
        RawHttp.Response jolokia = management.get("/actuator/jolokia/version", credentials);
        assertThat(jolokia.status()).as("%s", jolokia).isEqualTo(200);
        assertThat(jolokia.body()).contains("\"agent\"");
        RawHttp.Response console = management.get("/actuator/hawtio/", credentials);
        assertThat(console.status()).as("%s", console).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");
        assertThat(management
                        .get("/actuator/hawtio/jolokia/version", credentials)
                        .body())
                .contains("\"agent\"");
        for (String target : ManagementAccessTests.JOLOKIA_IN_DISGUISE) {
            RawHttp.Response response = management.get(target);
            assertThat(response.status()).as("%s: %s", target, response).isIn(400, 401, 404);
            assertThat(response.body()).as(target).doesNotContain("\"agent\"");
            assertThat(response.all("Content-Security-Policy"))
                    .as("%s: %s", target, response)
                    .containsExactly(EdgeHeaders.NOTHING_POLICY);
            assertThat(response.all("X-Frame-Options")).as(target).containsExactly("DENY");
        }
    }

    private Path passwordFile() {
        return properties.dataDir().toAbsolutePath().normalize().resolve("management-password");
    }

    private static String basic(String password) {
        return "Authorization: Basic "
                + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }
}
