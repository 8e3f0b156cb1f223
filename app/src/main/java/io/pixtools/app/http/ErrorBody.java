package io.pixtools.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one shape of every error the API returns. {@code field} names the request part at fault; {@code dependency}
 * the service that is down, on a 503.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String message, String field, String dependency) {

    public ErrorBody(int status, String error, String message, String field) {
        this(status, error, message, field, null);
    }
}
