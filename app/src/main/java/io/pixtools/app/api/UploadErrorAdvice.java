package io.pixtools.app.api;

import io.pixtools.app.api.form.MalformedFormException;
import io.pixtools.app.api.form.UploadSpoolException;
import io.pixtools.app.http.ErrorBody;
import io.pixtools.app.settings.PixToolsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Multipart parsing happens in the web server before any route runs, so its failures are mapped here, to the same
 * {@link ErrorBody} as the routes' errors: the client's (a malformed or oversized form) as 4xx, the server's (the
 * upload directory cannot be written) as a 503 with Retry-After.
 */
@RestControllerAdvice
class UploadErrorAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(UploadErrorAdvice.class);

    private final PixToolsProperties properties;

    UploadErrorAdvice(PixToolsProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorBody> tooLarge(MaxUploadSizeExceededException e) {
        long limit = properties.limits().maxUploadSize().toBytes();
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .body(new ErrorBody(
                        413, "too_large", "file: the upload is larger than the limit of " + limit + " bytes", "file"));
    }

    @ExceptionHandler(MalformedFormException.class)
    ResponseEntity<ErrorBody> malformedForm(MalformedFormException e) {
        return ResponseEntity.badRequest().body(new ErrorBody(400, "malformed_request", e.getMessage(), e.field()));
    }

    @ExceptionHandler(UploadSpoolException.class)
    ResponseEntity<ErrorBody> spoolFailed(UploadSpoolException e) {
        LOG.warn("{}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(new ErrorBody(
                        503,
                        "dependency_unavailable",
                        "the upload directory cannot be written; retry in a few seconds",
                        null,
                        "upload_directory"));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ErrorBody> malformed(MultipartException e) {
        return ResponseEntity.badRequest()
                .body(new ErrorBody(400, "malformed_request", "the request is not valid multipart/form-data", null));
    }
}
