package io.pixtools.app.jobs;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

/**
 * Which database the application's datasource is, read from its URL: H2 (the embedded default) must be told to sync
 * its file, PostgreSQL (the distributed profile) can notify listeners from a transaction.
 */
public enum DatabaseKind {
    H2,
    POSTGRESQL,
    OTHER;

    public static DatabaseKind of(DataSourceProperties database) {
        String url = database.getUrl();
        if (url == null) {
            return OTHER;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        return url.startsWith("jdbc:postgresql:") ? POSTGRESQL : OTHER;
    }
}
