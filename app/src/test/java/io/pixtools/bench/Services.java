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
    private final List<Duration> startUps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    Services(Path launcher) {
        this.launcher = launcher;
    }

    /** The embedded default with every role. */
    ServiceUnderTest start(String name) throws Exception {
        ServiceUnderTest service = ServiceUnderTest.start(launcher, name, Map.of(), this::collectErrors);
        startUps.add(service.startUp());
        return service;
    }

    /** The embedded default with other settings (environment variables); its start-up is not a default one. */
    ServiceUnderTest start(String name, Map<String, String> settings) throws Exception {
        return ServiceUnderTest.start(launcher, name, settings, this::collectErrors);
    }

    List<Duration> startUps() {
        return List.copyOf(startUps);
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
