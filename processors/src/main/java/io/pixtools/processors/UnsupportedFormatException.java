package io.pixtools.processors;

/** The upload is not an image in one of the allowed formats: 415. */
public class UnsupportedFormatException extends PixToolsException {

    public UnsupportedFormatException(String field, String message) {
        super(415, "unsupported_format", field, field + ": " + message, null);
    }
}
