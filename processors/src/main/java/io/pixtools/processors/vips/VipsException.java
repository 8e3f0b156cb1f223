package io.pixtools.processors.vips;

/** A libvips call failed; the message carries libvips' own error text. */
public class VipsException extends RuntimeException {

    public VipsException(String message) {
        super(message);
    }

    public VipsException(String message, Throwable cause) {
        super(message, cause);
    }
}
