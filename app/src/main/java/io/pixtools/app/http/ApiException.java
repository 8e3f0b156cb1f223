package io.pixtools.app.http;

import io.pixtools.processors.PixToolsException;

/** API-level refusals that are not about the image: unknown job, request in flight, busy service. */
public class ApiException extends PixToolsException {

    public ApiException(int status, String code, String field, String publicMessage) {
        this(status, code, field, publicMessage, null);
    }

    public ApiException(int status, String code, String field, String publicMessage, Throwable cause) {
        super(status, code, field, publicMessage, cause);
    }

    public static ApiException notFound(String what) {
        return new ApiException(
                404, "not_found", null, what + " not found (unknown, or expired after the retention period)");
    }
}
