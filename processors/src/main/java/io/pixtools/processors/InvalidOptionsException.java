package io.pixtools.processors;

/** A request parameter is missing, malformed or out of range: 422. */
public class InvalidOptionsException extends PixToolsException {

    public InvalidOptionsException(String field, String message) {
        super(422, "invalid_parameter", field, field + ": " + message, null);
    }
}
