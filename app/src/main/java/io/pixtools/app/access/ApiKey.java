package io.pixtools.app.access;

import java.time.OffsetDateTime;

/** An API key as stored: never the key itself, only its hash and the first characters to recognise it by. */
public record ApiKey(String id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
