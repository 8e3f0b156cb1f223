package io.pixtools.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the upload page's browser tests (webui/tests, Node's test runner driving Debian's Chromium through
 * playwright-core) against this running application. The screenshots go to {@code target/screenshots}, so a test
 * run leaves the checkout clean; {@code -Dscreenshots.dir=docs/screenshots} refreshes the README's copies.
 */
@PixToolsApplicationTest
class WebUiBrowserTests {

    private static final Path WEBUI = Path.of("webui");

    @LocalServerPort
    int port;

    @Test
    void theUploadPageWorksInARealBrowser() throws IOException, InterruptedException {
        assertThat(WEBUI.resolve("node_modules/playwright-core")).as("browser test dependencies: run `npm ci --prefix webui` "
                + "(./pixtools test does)").exists();
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
                .as("Chromium: apt-get install chromium (./pixtools test does)").exists();

        Path log = Files.createDirectories(Path.of("target")).resolve("webui-tests.log");
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-concurrency=1", "tests/")
                .directory(WEBUI.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Path screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots")).toAbsolutePath();
        node.environment().put("PIXTOOLS_BASE_URL", "http://localhost:" + port);
        node.environment().put("PIXTOOLS_SCREENSHOTS", screenshots.toString());
        Process process = node.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("browser tests finished in time:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("browser tests:%n%s", output).isZero();
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
        assertThat(screenshots.resolve("desktop.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("phone.png")).isNotEmptyFile();
    }
}
