package io.pixtools.app.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** H2 returns OffsetDateTime and PostgreSQL's driver Timestamp for the same column type: both become an Instant. */
public final class Timestamps {

    private Timestamps() {}

    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime odt -> odt.toInstant();
            case Timestamp ts -> ts.toInstant();
            case Instant i -> i;
            default -> OffsetDateTime.parse(value.toString()).toInstant();
        };
    }
}
