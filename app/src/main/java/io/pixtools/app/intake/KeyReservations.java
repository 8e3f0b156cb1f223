package io.pixtools.app.intake;

/**
 * Short-lived reservations of Idempotency-Keys while an intake with the key runs: the job row, with its unique key,
 * is the lasting record. A reservation is held by an owner token, expires by itself, and only its owner releases it.
 */
public interface KeyReservations {

    /** Reserves {@code key} for {@code token}; false when another intake holds it. */
    boolean reserve(String key, String token);

    /** Frees {@code key} if {@code token} still holds it. */
    void release(String key, String token);

    /** Whether some intake holds {@code key}. */
    boolean isReserved(String key);

    /** A cheap round trip to the store, for the health check; returns a description. */
    String check();
}
