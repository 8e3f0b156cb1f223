package io.pixtools.faults;

import io.pixtools.app.BuiltJar;
import io.pixtools.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One PixTools process from the built jar, as an operator runs it: its own environment, port and log file. It can be
 * killed with SIGKILL and started again with the same settings; its peak resident memory is read from /proc.
 */
final class PixProcess {

    private final String name;
    private final Map<String, String> environment;
    private final int port;
    private Process process;
    private long peakRssKb;

    PixProcess(String name, Map<String, String> environment) throws IOException {
        this.name = name;
        this.environment = new LinkedHashMap<>(environment);
        this.port = FreePorts.any();
        this.environment.put("PORT", String.valueOf(port));
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    /** Starts the process and waits until it answers {@code healthPath} with 200. */
    PixProcess start(String healthPath) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "faults")).resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx768m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-jar",
                        BuiltJar.path().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        FaultClient client = new FaultClient(port);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (client.get(healthPath).status() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not become healthy; see " + log);
            }
            Thread.sleep(250);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        recordMemory();
        process.destroyForcibly();
        process.waitFor();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    /** The largest resident set this process (over all its lives) reached, in MB. */
    long peakRssMb() {
        recordMemory();
        return peakRssKb / 1024;
    }

    private void recordMemory() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // the process is gone
        }
    }
}
