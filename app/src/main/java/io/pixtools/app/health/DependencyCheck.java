package io.pixtools.app.health;

/** One dependency that {@code GET /api/health} checks for real: a query, a request, a look at a queue. */
public interface DependencyCheck {

    /** The name in the health report: {@code database}, {@code object_store}, ... */
    String name();

    /** Returns a detail for the report, or throws when the dependency is down. */
    String check() throws Exception;
}
