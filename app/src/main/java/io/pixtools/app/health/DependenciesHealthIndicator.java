package io.pixtools.app.health;

import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.settings.Roles;
import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness that tells the truth: the dependencies this process's roles need answer (the same checks as
 * {@code GET /api/health}). The API needs the database, the idempotency store, the queues and the object store; the
 * workers and the scheduler all but the idempotency store. Part of the readiness group
 * ({@code /actuator/health/readiness}), so that a load balancer and Kubernetes stop sending work to a process whose
 * dependencies are gone; liveness stays the process alone.
 */
@Component("dependencies")
class DependenciesHealthIndicator implements HealthIndicator {

    private final List<DependencyCheck> checks;

    DependenciesHealthIndicator(List<DependencyCheck> checks, PixToolsProperties properties) {
        Set<Roles> roles = Roles.parse(properties.roles());
        this.checks = checks.stream()
                .filter(check -> roles.contains(Roles.API) || !check.name().equals("idempotency_store"))
                .toList();
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (DependencyCheck check : checks) {
            try {
                health.withDetail(check.name(), check.check());
            } catch (Exception e) {
                health.down().withDetail(check.name(), "DOWN: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return health.build();
    }
}
