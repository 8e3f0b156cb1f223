package io.pixtools.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one shape of every error the API returns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String message, String field) {
}
