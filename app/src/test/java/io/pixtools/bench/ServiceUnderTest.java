package io.pixtools.bench;

import io.pixtools.testing.FreePorts;
import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The packaged jar as a subprocess on the embedded default, started by {@code ./pixtools launch} as {@code ./pixtools
 * run} starts it (its JVM options, its AOT cache): a fresh data directory under the run's work directory, a free port,
 * a clean environment (no inherited {@code PIXTOOLS_*}, {@code SPRING_*} or JVM options), plus the settings a section
 * asks for. It knows how long it took to answer its first 200 on {@code /api/health}, and
 * reads its resident memory from {@code /proc}. Its log goes to {@code target/benchmark/<name>.log}.
 */
final class ServiceUnderTest implements AutoCloseable {

    /** Where {@code ./pixtools launch} keeps the extracted jar and its AOT cache (see {@code app/launch.sh}). */
    private static final String AOT_CACHE = "app/target/launch/pixtools.aot";

    private static final Duration START_DEADLINE = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final List<String> INHERITED_PREFIXES_DROPPED =
            List.of("PIXTOOLS_", "SPRING_", "SERVER_", "MANAGEMENT_", "CAMEL_");
    private static final List<String> INHERITED_DROPPED =
            List.of("PORT", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final Duration startUp;
    private final Consumer<ServiceUnderTest> beforeStop;

    private ServiceUnderTest(
            String name, Process process, Path log, int port, Duration startUp, Consumer<ServiceUnderTest> beforeStop) {
        this.name = name;
        this.beforeStop = beforeStop;
        this.process = process;
        this.log = log;
        this.port = port;
        this.startUp = startUp;
    }

    /**
     * Starts the service with {@code settings} as environment variables and waits until it is healthy; {@code beforeStop}
     * sees it once more when it is closed.
     */
    static ServiceUnderTest start(
            Path launcher,
            Path dataRoot,
            String name,
            Map<String, String> settings,
            Consumer<ServiceUnderTest> beforeStop)
            throws Exception {
        Path dataDir = Files.createTempDirectory(dataRoot, name + "-data-");
        Path log = Files.createDirectories(Path.of("target", "benchmark")).resolve(name + ".log");
        int port = FreePorts.any();
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.add("launch");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment
                .keySet()
                .removeIf(key -> INHERITED_DROPPED.contains(key)
                        || INHERITED_PREFIXES_DROPPED.stream().anyMatch(key::startsWith));
        environment.put("PIXTOOLS_DATA_DIR", dataDir.toString());
        environment.put("PORT", String.valueOf(port));
        String extra = System.getProperty("bench.serviceJvmOptions", "").strip();
        if (!extra.isEmpty()) {
            environment.put("PIXTOOLS_JVM_OPTIONS", extra);
        }
        environment.putAll(settings);
        Progress.say("starting the service (" + name + ") on port " + port
                + (settings.isEmpty() ? "" : " with " + settings));
        long begin = System.nanoTime();
        Process process = builder.start();
        try {
            Duration startUp = waitHealthy(process, port, begin, log);
            Progress.say("healthy after " + Figures.seconds(startUp.toMillis() / 1000.0) + " s");
            return new ServiceUnderTest(name, process, log, port, startUp, beforeStop);
        } catch (Exception | Error e) {
            process.destroyForcibly().waitFor();
            throw e;
        }
    }

    /** The JVM options {@code ./pixtools launch} starts the service with: {@code app/jvm.options}, the AOT cache. */
    static List<String> jvmOptions() {
        try {
            List<String> options = new ArrayList<>(Files.readAllLines(RepositoryFiles.path("app/jvm.options")).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList());
            if (Files.isRegularFile(RepositoryFiles.path(AOT_CACHE))) {
                options.add("-XX:AOTCache=" + AOT_CACHE);
            }
            String extra = System.getProperty("bench.serviceJvmOptions", "").strip();
            if (!extra.isEmpty()) {
                options.addAll(Arrays.asList(extra.split("\\s+")));
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration waitHealthy(Process process, int port, long begin, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500))
                .build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = begin + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - begin);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(POLL);
        }
        throw new IllegalStateException("the service was not healthy after " + START_DEADLINE + "; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** From the process's start to its first 200 on {@code /api/health}. */
    Duration startUp() {
        return startUp;
    }

    /** Resident memory now ({@code VmRSS}), in bytes. */
    long residentBytes() throws IOException {
        return procStatusKb("VmRSS:") * 1024;
    }

    /** The peak resident memory of the process so far ({@code VmHWM}), in bytes. */
    long peakResidentBytes() throws IOException {
        return procStatusKb("VmHWM:") * 1024;
    }

    /** The CPU time the process has used so far, user and system, in seconds. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // After the command name, which may hold spaces: utime and stime are fields 14 and 15 of proc(5), in ticks
        // of 1/100 s (USER_HZ).
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private long procStatusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException(field + " not in /proc/" + process.pid() + "/status");
    }

    /** Lines of the service's log at level ERROR (Spring Boot's console format). */
    List<String> errorLines() throws IOException {
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains(" ERROR "))
                .toList();
    }

    String name() {
        return name;
    }

    /**
     * Stops the service as a container stop does (SIGTERM, then SIGKILL after 30 s). Its data stays until the run ends.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        try {
            beforeStop.accept(this);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
