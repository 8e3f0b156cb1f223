package io.pixtools.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files kept at the repository root (routes/, webui/, manifests/, terraform/, ml/model, docker-compose.yml, ...), found
 * from wherever the test runs: a module's directory under Maven or an IDE, the root itself under {@code ./pixtools}.
 */
public final class RepositoryFiles {

    /** The repository root: the nearest directory up from the working directory with the Maven wrapper and routes/. */
    public static final Path ROOT = findRoot();

    private RepositoryFiles() {}

    /** {@code relative}, a path from the repository root, as an absolute path. */
    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path findRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("routes"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the PixTools repository: " + start);
    }
}
