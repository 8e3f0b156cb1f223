package io.pixtools.app.api;

import io.pixtools.app.http.ErrorBody;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Errors raised by the web server before a route runs (unknown path, wrong method, wrong Content-Type) get the same
 * JSON shape as {@link ErrorBody}.
 */
@Component
class ApiErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> defaults = super.getErrorAttributes(request, ErrorAttributeOptions.defaults());
        int status = (Integer) defaults.getOrDefault("status", 500);
        Object path = request.getAttribute("jakarta.servlet.error.request_uri", RequestAttributes.SCOPE_REQUEST);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", ErrorBody.code(status));
        body.put("message", message(status, path));
        if (status == 408) {
            body.put("field", "file");
        }
        return body;
    }

    private static String message(int status, Object path) {
        return switch (status) {
            case 404 -> "no such endpoint: " + path + " (see /docs)";
            case 405 -> "method not allowed on " + path + " (see /docs)";
            case 408 -> "file: the upload stalled: no data arrived within the server's read timeout; send it again";
            case 415 -> "Content-Type: send multipart/form-data with the image in a part named 'file'";
            default ->
                HttpStatus.resolve(status) == null
                        ? "error"
                        : HttpStatus.resolve(status).getReasonPhrase();
        };
    }
}
