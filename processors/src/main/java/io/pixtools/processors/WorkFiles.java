package io.pixtools.processors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/** Temporary files that live as long as one exchange and are deleted when it completes or fails. */
public final class WorkFiles {

    private final Path directory;

    public WorkFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work directory " + directory, e);
        }
    }

    public Path create(Exchange exchange, String suffix) {
        Path file = inDirectory(() -> Files.createTempFile(directory, "pix-", suffix));
        deleteOnCompletion(exchange, file);
        return file;
    }

    /** A new work directory, deleted with its contents when the exchange completes. */
    public Path createDirectory(Exchange exchange, String prefix) {
        Path dir = inDirectory(() -> Files.createTempDirectory(directory, prefix));
        deleteOnCompletion(exchange, dir);
        return dir;
    }

    private Path inDirectory(NewEntry<Path> entry) {
        try {
            return recreatingDirectory(directory, entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Something that creates a file or directory in a directory. */
    public interface NewEntry<T> {
        T create() throws IOException;
    }

    /**
     * Creates an entry in a scratch directory of this process, creating the directory again first if something removed
     * it (a tmp cleaner removes an idle one).
     */
    public static <T> T recreatingDirectory(Path directory, NewEntry<T> entry) throws IOException {
        try {
            return entry.create();
        } catch (NoSuchFileException e) {
            Files.createDirectories(directory);
            return entry.create();
        }
    }

    /** Streams to a new work file, closing the stream. */
    public Path save(Exchange exchange, InputStream content, String suffix) {
        return save(content, create(exchange, suffix));
    }

    /** Streams to the given file, closing the stream. */
    public static Path save(InputStream content, Path file) {
        try (InputStream in = content) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteOnCompletion(Exchange exchange, Path file) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                deleteRecursively(file);
            }
        });
    }

    private static void deleteRecursively(Path path) {
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover work file is harmless; the next run of the exchange uses a new name
        }
    }
}
