package io.pixtools.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the upload page's browser tests (webui/tests, Node's test runner driving Debian's Chromium through
 * playwright-core) against this running application, an open one (no API keys): every test file, the tests that need
 * keys skip. {@link WithApiKeys} runs the key tests again against an application that requires a key, which reaches
 * Node as {@code PIXTOOLS_TEST_API_KEY}. The screenshots go to {@code target/screenshots}, so a test run leaves the
 * checkout clean; {@code -Dscreenshots.dir=docs/screenshots} refreshes the README's copies.
 */
@PixToolsApplicationTest
class WebUiBrowserTests {

    private static final Path WEBUI = RepositoryFiles.path("webui");
    static final String API_KEY = "webui-browser-tests-key-0123456789";

    @LocalServerPort
    int port;

    @Test
    void theUploadPageWorksInARealBrowser() throws IOException, InterruptedException {
        String configured =
                System.getProperty("screenshots.dir"); // from the repository root, like the README's command
        Path screenshots = configured != null
                ? RepositoryFiles.path(configured)
                : Path.of("target/screenshots").toAbsolutePath();
        String output = runBrowserTests(
                "webui-tests.log",
                Map.of("PIXTOOLS_BASE_URL", "http://localhost:" + port, "PIXTOOLS_SCREENSHOTS", screenshots.toString()),
                "tests/");
        assertThat(screenshots.resolve("desktop.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("phone.png")).isNotEmptyFile();
    }

    /** The same page when the API requires a key: it asks for one on a 401 and goes on with it. */
    @Nested
    @TestPropertySource(properties = "pixtools.api-keys=" + API_KEY)
    class WithApiKeys {

        @LocalServerPort
        int port;

        @Test
        void theUploadPageAsksForTheApiKey() throws IOException, InterruptedException {
            String output = runBrowserTests(
                    "webui-tests-api-keys.log",
                    Map.of("PIXTOOLS_BASE_URL", "http://localhost:" + port, "PIXTOOLS_TEST_API_KEY", API_KEY),
                    "tests/api-key.test.mjs");
            assertThat(output)
                    .as("only the open-server test skips:%n%s", output)
                    .contains("# skipped 1");
        }
    }

    /** Runs Node's test runner on {@code tests} with {@code environment}; returns its output, also kept in target/{@code log}. */
    private static String runBrowserTests(String log, Map<String, String> environment, String... tests)
            throws IOException, InterruptedException {
        assertThat(WEBUI.resolve("node_modules/playwright-core"))
                .as("browser test dependencies: run `npm ci --prefix webui` " + "(./pixtools test does)")
                .exists();
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
                .as("Chromium: apt-get install chromium (./pixtools test does)")
                .exists();

        Path logFile = Files.createDirectories(Path.of("target")).resolve(log);
        String[] command = new String[3 + tests.length];
        command[0] = "node";
        command[1] = "--test";
        command[2] = "--test-concurrency=1";
        System.arraycopy(tests, 0, command, 3, tests.length);
        ProcessBuilder node = new ProcessBuilder(command)
                .directory(WEBUI.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        node.environment().remove("PIXTOOLS_TEST_API_KEY");
        node.environment().putAll(environment);
        Process process = node.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(logFile, StandardCharsets.UTF_8);
        assertThat(finished).as("browser tests finished in time:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("browser tests:%n%s", output).isZero();
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
        return output;
    }
}
