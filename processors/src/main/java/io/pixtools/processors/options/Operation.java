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
    METADATA("json", "application/json");

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

    public boolean isConversion() {
        return this != METADATA;
    }

    /** The object-store file name of this operation's output: {@code webp.webp}, {@code metadata.json}. */
    public String outputFileName() {
        return id() + "." + extension;
    }

    public static Optional<Operation> fromId(String id) {
        return Arrays.stream(values()).filter(o -> o.id().equals(id)).findFirst();
    }

    public static String allIds() {
        return String.join(", ", Arrays.stream(values()).map(Operation::id).toList());
    }
}
