package io.pixtools.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * The one shape of every error the API returns. {@code field} names the request part at fault; {@code dependency}
 * the service that is down, on a 503.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String message, String field, String dependency) {

    public ErrorBody(int status, String error, String message, String field) {
        this(status, error, message, field, null);
    }

    /** The error code of a status that has no more specific one: its name, as {@code bad_request}. */
    public static String code(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
    }
}
