package io.pixtools.app.storage;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedded default's object store: one file per object under {@code data/objects/{bucket}/}, called by the
 * routes' {@code object-*} endpoints with the same headers camel-aws2-s3 takes (key, prefix) and giving the same
 * results (the object as the body, {@link S3Object}s for a listing, {@link NoSuchKeyException} for a missing key), so
 * that a route reads the same on either store. A store that cannot read or write its files throws
 * {@link ObjectStoreUnavailableException}: an outage, as a refused connection to S3 is.
 * <p>
 * A put is durable when it returns: the bytes go to a temporary file that is forced to disk, renamed over the key
 * atomically, and the directory is forced too. A 202 can promise that the original is on disk.
 */
public final class LocalObjectStore {

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** Stores the body (a file, bytes, text or a stream) under the key header. */
    public void put(Exchange exchange) {
        try {
            store(exchange.getIn());
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException(
                    "cannot store " + exchange.getIn().getHeader(AWS2S3Constants.KEY), e);
        }
    }

    private void store(Message in) throws IOException {
        Path target = resolve(in.getHeader(AWS2S3Constants.KEY, String.class));
        Path parent = target.getParent();
        boolean newDirectory = !Files.isDirectory(parent);
        if (newDirectory) {
            Files.createDirectories(parent);
        }
        Path temporary = parent.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Object body = in.getBody();
            if (!linked(body, temporary)) {
                try (FileChannel out =
                        FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    write(body, out);
                    out.force(true);
                }
            }
            move(temporary, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        force(parent);
        if (newDirectory) {
            // The directory's own entry is new too. A job's later objects go into the directory its original
            // created, which was forced before the 202: they skip this second sync.
            force(parent.getParent());
        }
    }

    /**
     * A file body (an upload on its way in, a result just written) becomes the object without a copy: a second name
     * for the same bytes, forced to disk. False when the file system cannot link it there (another device), and the
     * caller copies instead. Nothing writes to such files after they are stored.
     */
    private static boolean linked(Object body, Path temporary) throws IOException {
        Path source = switch (body) {
            case File file -> file.toPath();
            case Path path -> path;
            case null, default -> null;
        };
        if (source == null) {
            return false;
        }
        try {
            Files.createLink(temporary, source);
        } catch (FileSystemException | UnsupportedOperationException e) {
            return false;
        }
        try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.READ)) {
            written.force(true);
        }
        return true;
    }

    /** The object of the key header as the body: a file, read in place. */
    public void get(Exchange exchange) {
        String key = exchange.getIn().getHeader(AWS2S3Constants.KEY, String.class);
        Path file = resolve(key);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw unreadable(key, file);
        }
        exchange.getIn().setBody(file.toFile());
    }

    /**
     * Why an object cannot be read: it is gone ({@link NoSuchKeyException}, as S3 answers), or the store itself is
     * broken (its directory gone or replaced, the file there but unreadable, an I/O error). The second is an outage
     * and must not pass for a deleted object: a download would answer that the file is gone for good, and a worker
     * would fail its job instead of waiting for the store.
     */
    private RuntimeException unreadable(String key, Path file) {
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            return new ObjectStoreUnavailableException("the object directory " + root + " cannot be read");
        }
        try {
            Files.readAttributes(file, BasicFileAttributes.class);
            return new ObjectStoreUnavailableException("cannot read " + key);
        } catch (NoSuchFileException e) {
            return NoSuchKeyException.builder().message("no object " + key).build();
        } catch (IOException e) {
            return new ObjectStoreUnavailableException("cannot read " + key, e);
        }
    }

    /** The objects whose keys start with the prefix header, as a list of {@link S3Object}. */
    public void list(Exchange exchange) {
        try {
            exchange.getIn().setBody(objects(exchange.getIn().getHeader(AWS2S3Constants.PREFIX, "", String.class)));
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot list objects", e);
        }
    }

    private List<S3Object> objects(String prefix) throws IOException {
        Path start = resolve(prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "");
        List<S3Object> objects = new ArrayList<>();
        if (Files.isDirectory(start)) {
            try (Stream<Path> files = Files.walk(start)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String key = root.relativize(file).toString().replace(File.separatorChar, '/');
                    if (key.startsWith(prefix) && !file.getFileName().toString().endsWith(".part")) {
                        objects.add(S3Object.builder()
                                .key(key)
                                .size(Files.size(file))
                                .build());
                    }
                }
            }
        }
        return objects;
    }

    /** Deletes the object of the key header, and its directory once empty; a missing object is fine. */
    public void delete(Exchange exchange) {
        try {
            remove(resolve(exchange.getIn().getHeader(AWS2S3Constants.KEY, String.class)));
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException(
                    "cannot delete " + exchange.getIn().getHeader(AWS2S3Constants.KEY), e);
        }
    }

    private void remove(Path file) throws IOException {
        Files.deleteIfExists(file);
        Path parent = file.getParent();
        if (!parent.equals(root) && Files.isDirectory(parent)) {
            try (Stream<Path> left = Files.list(parent)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(parent);
                }
            } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException ignored) {
                // removed or refilled by a concurrent writer
            }
        }
    }

    /** For the health check: a probe file can be written, forced to disk and removed. */
    public String check() throws IOException {
        Path probe = root.resolve(".health-" + UUID.randomUUID());
        try (FileChannel out = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            out.force(true);
        } finally {
            Files.deleteIfExists(probe);
        }
        return "directory " + root + " writable, " + (root.toFile().getUsableSpace() >> 20) + " MB free";
    }

    private Path resolve(String key) {
        if (key == null) {
            throw new IllegalArgumentException("no object key");
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || key.contains("\0")) {
            throw new IllegalArgumentException("object key outside the store: " + key);
        }
        return path;
    }

    private static void write(Object body, FileChannel out) throws IOException {
        switch (body) {
            case File file -> copy(file.toPath(), out);
            case Path path -> copy(path, out);
            case byte[] bytes -> out.write(java.nio.ByteBuffer.wrap(bytes));
            case String text ->
                out.write(java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            case InputStream stream -> {
                try (InputStream in = stream) {
                    in.transferTo(Channels.newOutputStream(out));
                }
            }
            case null -> throw new IllegalArgumentException("nothing to store");
            default ->
                throw new IllegalArgumentException(
                        "cannot store a " + body.getClass().getName());
        }
    }

    private static void copy(Path source, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces a directory's entries to disk, so that a renamed file survives a power cut as well as a crash. */
    private static void force(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems cannot open a directory; the rename itself is still atomic
        }
    }
}
