package io.pixtools.app.api.form;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.web.multipart.MultipartFile;

/** A file part, already written to the upload directory; handing it on moves the file rather than copying it. */
final class SpooledUpload implements MultipartFile {

    private final String name;
    private final String fileName;
    private final String contentType;
    private final Path file;
    private final long size;
    private volatile boolean movedAway;

    SpooledUpload(String name, String fileName, String contentType, Path file, long size) {
        this.name = name;
        this.fileName = fileName;
        this.contentType = contentType;
        this.file = file;
        this.size = size;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getOriginalFilename() {
        return fileName;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    public byte[] getBytes() throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void transferTo(File destination) throws IOException {
        transferTo(destination.toPath());
    }

    @Override
    public void transferTo(Path destination) throws IOException {
        Files.move(file, destination, StandardCopyOption.REPLACE_EXISTING);
        movedAway = true;
    }

    /** Removes the file unless it was handed on. */
    void delete() {
        if (!movedAway) {
            deleteQuietly(file);
        }
    }

    /** Removes a spool file if it is there; one that cannot be removed is left to the sweep. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the upload directory is swept at the next start-up
        }
    }
}
