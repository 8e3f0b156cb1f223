package io.pixtools.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.testing.RepositoryFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules, checked by Prometheus's own tool: {@code promtool check rules} (syntax, PromQL) and
 * {@code promtool test rules} (observability/prometheus-alerts-test.yaml: which alerts fire on given series: every
 * queue without consumers, one target down, every target down, an open webhook circuit). promtool comes from
 * Debian's prometheus package; ./pixtools test puts it on the PATH.
 */
class AlertRulesTests {

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        assertThat(promtool("check", "rules", "prometheus-alerts.yaml")).contains("SUCCESS");
    }

    @Test
    void theRulesFireWhenTheyShould() throws Exception {
        assertThat(promtool("test", "rules", "prometheus-alerts-test.yaml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = find().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command)
                .directory(RepositoryFiles.path("observability").toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Path find() {
        String configured = System.getenv("PIXTOOLS_PROMTOOL");
        if (configured != null) {
            return Path.of(configured);
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("promtool is not on the PATH: ./pixtools test installs it "
                        + "(apt-get download prometheus && dpkg -x), or set PIXTOOLS_PROMTOOL"));
    }
}
