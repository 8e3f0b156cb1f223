package io.pixtools.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The application jar that Maven's package phase left in app/target, for tests that start it as operators do. */
public final class BuiltJar {

    private BuiltJar() {}

    public static Path path() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("pixtools-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in target/: run ./mvnw verify"));
        }
    }
}
