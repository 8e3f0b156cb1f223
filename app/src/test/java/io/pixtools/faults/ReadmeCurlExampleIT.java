package io.pixtools.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The README's curl example, run as a reader runs it: the shell block under "Try the API with curl", word for word but
 * for the port, with bash against the built jar on the embedded default, and {@code ./pixtools keys} creating the key
 * while it runs. It writes camera.webp and bundle.zip into a directory of its own.
 */
class ReadmeCurlExampleIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theCurlExampleEndsWithTheWholeBundle() throws Exception {
        Path data = Files.createTempDirectory("pixtools-readme-data");
        PixProcess app =
                new PixProcess("readme-curl", Map.of("PIXTOOLS_DATA_DIR", data.toString())).start("/api/health");
        try {
            Path work = Files.createTempDirectory("pixtools-readme-curl");
            Files.createSymbolicLink(work.resolve("processors"), REPOSITORY.resolve("processors"));
            String script = curlExample()
                    .replace("./pixtools ", REPOSITORY.resolve("pixtools") + " ")
                    .replace("localhost:8080", "localhost:" + app.port());
            Files.writeString(work.resolve("example.sh"), script);

            Path log = work.resolve("example.log");
            ProcessBuilder bash = new ProcessBuilder("bash", "-e", "example.sh")
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            bash.environment().put("PIXTOOLS_DATA_DIR", data.toString());
            bash.environment()
                    .put(
                            "JAVA_HOME",
                            Path.of(ProcessHandle.current().info().command().orElseThrow())
                                    .getParent()
                                    .getParent()
                                    .toString());
            Process run = bash.start();
            boolean ended = run.waitFor(3, TimeUnit.MINUTES);
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
            String output = Files.readString(log);
            assertThat(ended).as(output).isTrue();

            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).contains("\"status\":\"COMPLETED\"").contains("camera-metadata.json");
            assertThat(entries(work.resolve("bundle.zip")))
                    .containsExactlyInAnyOrder(
                            "camera.jpg", "camera.png", "camera.webp", "camera.avif", "camera-metadata.json");
            byte[] webp = Files.readAllBytes(work.resolve("camera.webp"));
            assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        } finally {
            app.stop();
        }
    }

    /** The first bash block after the heading "Try the API with curl". */
    private static String curlExample() throws IOException {
        String readme = Files.readString(REPOSITORY.resolve("README.md"));
        int section = readme.indexOf("## Try the API with curl");
        assertThat(section).as("README section").isNotNegative();
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).as("bash block in the README section").isTrue();
        return block.group(1);
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
