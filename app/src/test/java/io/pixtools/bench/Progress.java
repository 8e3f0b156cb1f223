package io.pixtools.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What the benchmark is doing, on stderr, so that stdout carries only the markdown. */
final class Progress {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Progress() {}

    static void say(String message) {
        System.err.println("[benchmark " + LocalTime.now().format(TIME) + "] " + message);
    }
}
