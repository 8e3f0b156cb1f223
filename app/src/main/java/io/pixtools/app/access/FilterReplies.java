package io.pixtools.app.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** An API error answered by a servlet filter, before any route: the same JSON shape the routes use. */
final class FilterReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilterReplies() {}

    static void error(HttpServletResponse response, int status, String error, String message, String field)
            throws IOException {
        write(response, new ErrorBody(status, error, message, field));
    }

    /** 503 with Retry-After: a service PixTools depends on did not answer. */
    static void unavailable(HttpServletResponse response, String message, String dependency) throws IOException {
        response.setHeader("Retry-After", "1");
        write(response, new ErrorBody(503, "dependency_unavailable", message, null, dependency));
    }

    private static void write(HttpServletResponse response, ErrorBody body) throws IOException {
        response.setStatus(body.status());
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
