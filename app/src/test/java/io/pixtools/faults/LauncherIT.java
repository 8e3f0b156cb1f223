package io.pixtools.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./pixtools launch} as a user starts it, on the built jar: with the start-up (AOT) cache, and, when JVM options
 * from the environment leave the cache unusable (the JVM would refuse to start with it), without it but started.
 */
class LauncherIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String CACHE_OPTION = "-XX:AOTCache=";

    @Test
    void startsWithTheCacheAndWithoutItWhenTheEnvironmentsJvmOptionsRuleItOut() throws Exception {
        Launched plain = launch("plain", Map.of());
        assertThat(plain.arguments()).as(plain.output()).anyMatch(a -> a.startsWith(CACHE_OPTION));

        // A young generation that leaves the 32 MB initial heap too little room for the cache's objects.
        Launched tight = launch("young-generation", Map.of("JAVA_TOOL_OPTIONS", "-Xmn32m"));
        assertThat(tight.arguments()).as(tight.output()).noneMatch(a -> a.startsWith(CACHE_OPTION));
        assertThat(tight.output())
                .contains("The start-up cache cannot be used with the JVM options of the environment");

        Launched roomy = launch("heap-limit", Map.of("JAVA_TOOL_OPTIONS", "-Xmx512m"));
        assertThat(roomy.arguments())
                .as("options the cache allows keep it: " + roomy.output())
                .anyMatch(a -> a.startsWith(CACHE_OPTION));
    }

    private record Launched(List<String> arguments, String output) {}

    /** Starts the launcher, waits for a healthy answer, then stops it; what the JVM ran with and what it printed. */
    private static Launched launch(String name, Map<String, String> settings) throws Exception {
        Path data = Files.createTempDirectory("pixtools-launcher-" + name);
        Path log = Files.createDirectories(Path.of("target", "faults")).resolve("launcher-" + name + ".log");
        int port = FreePorts.any();
        ProcessBuilder builder = new ProcessBuilder(
                        REPOSITORY.resolve("pixtools").toString(), "launch")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"));
        environment.put(
                "JAVA_HOME",
                Path.of(ProcessHandle.current().info().command().orElseThrow())
                        .getParent()
                        .getParent()
                        .toString());
        environment.put("PIXTOOLS_DATA_DIR", data.toString());
        environment.put("PORT", String.valueOf(port));
        environment.putAll(settings);
        Process process = builder.start();
        try {
            waitHealthy(process, port, log);
            // The launcher replaces itself with the JVM: its arguments are the JVM's.
            List<String> arguments = List.of(process.info().arguments().orElseThrow());
            return new Launched(arguments, Files.readString(log));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static void waitHealthy(Process process, int port, Path log) throws Exception {
        FaultClient client = new FaultClient(port);
        // The first launch of a build extracts the jar and records the cache first (about 20 to 60 s).
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (client.get("/api/health").status() != 200) {
            assertThat(process.isAlive())
                    .as("the launcher exited: " + Files.readString(log))
                    .isTrue();
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not healthy after 4 minutes: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }
}
