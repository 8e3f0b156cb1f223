package io.pixtools.processors;

/** The upload or its pixel count is above a configured limit: 413. */
public class ImageTooLargeException extends PixToolsException {

    public ImageTooLargeException(String field, String message) {
        super(413, "too_large", field, field + ": " + message, null);
    }
}
