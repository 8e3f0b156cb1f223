package io.pixtools.app.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.PixToolsApplicationTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A client that stops sending its upload half-way gets a 408 naming the file, once no byte has come for the
 * server's read timeout, and the server logs no stack trace for it: the client's problem, not a server error.
 */
@PixToolsApplicationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "PIXTOOLS_LIMITS_READ_TIMEOUT=2s")
class StalledUploadTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void anUploadThatStallsGetsA408(CapturedOutput log) throws Exception {
        String head = "--b\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n[\"jpg\"]\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/process HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n" + head)
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[4096]);
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            int first = in.read();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            byte[] rest = in.readAllBytes();
            byte[] raw = new byte[rest.length + 1];
            raw[0] = (byte) first;
            System.arraycopy(rest, 0, raw, 1, rest.length);
            RawHttp.Response response = RawHttp.parse(raw);

            assertThat(response.status()).as("%s", response).isEqualTo(408);
            assertThat(took).as("answered after one read timeout, not two").isLessThan(Duration.ofSeconds(4));
            assertThat(response.header("Content-Type")).startsWith("application/json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("field").asText()).isEqualTo("file");
            assertThat(body.path("message").asText()).contains("stalled");
            assertThat(body.path("status").asInt()).isEqualTo(408);
        }
        assertThat(log.getOut()).doesNotContain("IllegalStateException", "\tat ");
    }
}
