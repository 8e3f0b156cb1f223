package io.pixtools.processors;

/**
 * A failure with a status and a message that are safe to show to the client. The field names the request part at
 * fault ({@code file}, {@code operations[1]}, {@code operation_params.webp.quality}) when there is one.
 */
public abstract class PixToolsException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    protected PixToolsException(int status, String code, String field, String publicMessage, Throwable cause) {
        super(publicMessage, cause);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
