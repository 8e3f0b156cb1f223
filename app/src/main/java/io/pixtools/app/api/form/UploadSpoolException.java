package io.pixtools.app.api.form;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The upload could not be written to the upload directory (disk full, read-only, no permission): the server's
 * failure, not the client's, so it is a 503 with Retry-After rather than a malformed request.
 */
public class UploadSpoolException extends RuntimeException {

    public UploadSpoolException(Path directory, IOException cause) {
        super("cannot write the upload to " + directory + ": " + cause, cause);
    }
}
