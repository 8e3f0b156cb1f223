package io.pixtools.app.api.form;

import org.springframework.web.multipart.MultipartException;

/** A multipart/form-data body that cannot be read as a form; the message says what is wrong, and the field if one is. */
public class MalformedFormException extends MultipartException {

    private final String field;

    public MalformedFormException(String message) {
        this(null, message);
    }

    public MalformedFormException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
