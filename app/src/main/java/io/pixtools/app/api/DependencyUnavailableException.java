package io.pixtools.app.api;

import io.pixtools.app.http.ApiException;

/** A service PixTools depends on did not answer in time: 503 with Retry-After, naming it. */
public class DependencyUnavailableException extends ApiException {

    private final String dependency;

    public DependencyUnavailableException(String dependency, String message, Throwable cause) {
        super(503, "dependency_unavailable", null, message, cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
