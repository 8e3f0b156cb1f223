package io.pixtools.app.storage;

import java.io.IOException;

/** The local object store could not read or write its files (disk full, directory gone, I/O error). */
public class ObjectStoreUnavailableException extends RuntimeException {

    public ObjectStoreUnavailableException(String message) {
        super(message);
    }

    public ObjectStoreUnavailableException(String message, IOException cause) {
        super(message, cause);
    }
}
