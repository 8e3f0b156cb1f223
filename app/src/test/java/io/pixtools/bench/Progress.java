package io.pixtools.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** What the benchmark is doing, on stderr, so that stdout carries only the markdown. */
final class Progress {

    private Progress() {}

    static void say(String message) {
        System.err.println("[benchmark " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
