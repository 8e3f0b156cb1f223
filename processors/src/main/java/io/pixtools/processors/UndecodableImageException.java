package io.pixtools.processors;

/** The upload looks like an allowed format but libvips cannot read it: 422. */
public class UndecodableImageException extends PixToolsException {

    public UndecodableImageException(String field, String message, Throwable cause) {
        super(422, "undecodable_image", field, field + ": " + message, cause);
    }
}
