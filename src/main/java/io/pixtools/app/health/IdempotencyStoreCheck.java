package io.pixtools.app.health;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.stereotype.Component;

/** The store of in-flight Idempotency-Keys answers a lookup. */
@Component
class IdempotencyStoreCheck implements DependencyCheck {

    private static final String PROBE = "pixtools-health-probe";

    private final IdempotentRepository repository;

    IdempotencyStoreCheck(IdempotentRepository intakeKeys) {
        this.repository = intakeKeys;
    }

    @Override
    public String name() {
        return "idempotency_store";
    }

    @Override
    public String check() {
        repository.contains(PROBE);
        return repository.getClass().getSimpleName();
    }
}
