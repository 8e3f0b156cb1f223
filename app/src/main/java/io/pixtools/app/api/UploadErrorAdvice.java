package io.pixtools.app.api;

import io.pixtools.app.api.form.MalformedFormException;
import io.pixtools.app.http.ErrorBody;
import io.pixtools.app.settings.PixToolsProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Multipart parsing happens in the web server before any route runs, so its failures are mapped here, to the same
 * {@link ErrorBody} as the routes' errors.
 */
@RestControllerAdvice
class UploadErrorAdvice {

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

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ErrorBody> malformed(MultipartException e) {
        return ResponseEntity.badRequest()
                .body(new ErrorBody(400, "malformed_request", "the request is not valid multipart/form-data", null));
    }
}
