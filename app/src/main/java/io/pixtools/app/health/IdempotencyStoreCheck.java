package io.pixtools.app.health;

import io.pixtools.app.intake.IntakeKeyRepository;
import org.springframework.stereotype.Component;

/** The store of Idempotency-Key reservations answers a lookup. */
@Component
class IdempotencyStoreCheck implements DependencyCheck {

    private final IntakeKeyRepository keys;

    IdempotencyStoreCheck(IntakeKeyRepository intakeKeys) {
        this.keys = intakeKeys;
    }

    @Override
    public String name() {
        return "idempotency_store";
    }

    @Override
    public String check() {
        return keys.reservations().check();
    }
}
