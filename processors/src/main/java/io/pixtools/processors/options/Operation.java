package io.pixtools.processors.options;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The operations a job can ask for, with the file each one produces. */
public enum Operation {
    JPG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    WEBP("webp", "image/webp"),
    AVIF("avif", "image/avif"),
    METADATA("json", "application/json"),
    /** A denoised copy, by default PNG; its {@code format} parameter picks another (see DenoiseOptions). */
    DENOISE("png", "image/png");

    private final String extension;
    private final String contentType;

    Operation(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The name clients use: {@code jpg}, {@code metadata}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** A format conversion: jpg, png, webp or avif. */
    public boolean isConversion() {
        return this != METADATA && this != DENOISE;
    }

    /** The object-store file name of this operation's output with the given extension: {@code denoise.webp}. */
    public String outputFileName(String fileExtension) {
        return id() + "." + fileExtension;
    }

    public static Optional<Operation> fromId(String id) {
        return Arrays.stream(values()).filter(o -> o.id().equals(id)).findFirst();
    }

    public static String allIds() {
        return String.join(", ", Arrays.stream(values()).map(Operation::id).toList());
    }
}
