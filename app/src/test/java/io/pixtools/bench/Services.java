package io.pixtools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the services of one benchmark run with the launcher and keeps what every one of them showed: the start-up of
 * each process with all roles (each on a fresh data directory, so each counts as a cold start) and the ERROR lines of
 * every log, which the report lists.
 */
final class Services {

    private final Path launcher;
    private final Path dataRoot;
    private final List<Duration> startUps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<MachineState> machineStates = new ArrayList<>();

    /**
     * The services' data directories go under {@code dataRoot} and stay there until the run ends: deleting one
     * service's thousands of files just before the next one starts would slow every file the next one creates for
     * about a minute, on a file system that skips recently deleted inodes (ext4 without a journal, as on the machine
     * the figures in docs/benchmarks.md come from).
     */
    Services(Path launcher, Path dataRoot) {
        this.launcher = launcher;
        this.dataRoot = dataRoot;
    }

    /** The embedded default with every role. */
    ServiceUnderTest start(String name) throws Exception {
        machineStates.add(MachineState.probe(name, dataRoot));
        ServiceUnderTest service = ServiceUnderTest.start(launcher, dataRoot, name, Map.of(), this::collectErrors);
        startUps.add(service.startUp());
        return service;
    }

    /** The embedded default with other settings (environment variables); its start-up is not a default one. */
    ServiceUnderTest start(String name, Map<String, String> settings) throws Exception {
        return start(name, settings, null);
    }

    /** The same, started by another checkout's launcher (its build of the service), or by this one's when null. */
    ServiceUnderTest start(String name, Map<String, String> settings, Path otherLauncher) throws Exception {
        machineStates.add(MachineState.probe(name, dataRoot));
        return ServiceUnderTest.start(
                otherLauncher == null ? launcher : otherLauncher, dataRoot, name, settings, this::collectErrors);
    }

    List<Duration> startUps() {
        return List.copyOf(startUps);
    }

    /** The file system and memory just before each service started. */
    List<MachineState> machineStates() {
        return List.copyOf(machineStates);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    private void collectErrors(ServiceUnderTest service) {
        try {
            List<String> errors = service.errorLines();
            if (!errors.isEmpty()) {
                problems.add(service.name() + ": " + errors.size() + " ERROR lines in target/benchmark/"
                        + service.name() + ".log, the first: `"
                        + errors.getFirst().strip().replace('`', '\'') + "`");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
