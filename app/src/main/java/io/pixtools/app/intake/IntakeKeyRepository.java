package io.pixtools.app.intake;

import io.pixtools.processors.PixHeaders;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The intake's idempotent consumer keeps Idempotency-Keys here while a request with the key is being taken in. The
 * request that reserves a key gets a token (kept on its exchange); when it completes, successfully or not, the
 * consumer confirms or removes the key, and only the token's owner frees it. A duplicate that fails with 409 then
 * leaves the first request's reservation alone. Reservations also expire by themselves (seconds), so a crashed
 * intake blocks its key no longer than that.
 */
public final class IntakeKeyRepository extends ServiceSupport implements IdempotentRepository {

    private final KeyReservations reservations;

    public IntakeKeyRepository(KeyReservations reservations) {
        this.reservations = reservations;
    }

    public KeyReservations reservations() {
        return reservations;
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        String token = UUID.randomUUID().toString();
        if (!reservations.reserve(key, token)) {
            return false;
        }
        exchange.setProperty(PixHeaders.KEY_RESERVATION, token);
        return true;
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return reservations.isReserved(key);
    }

    /** The intake finished (a job row now records the key, or the request failed): the reservation has done its job. */
    @Override
    public boolean confirm(Exchange exchange, String key) {
        return remove(exchange, key);
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        String token = exchange.getProperty(PixHeaders.KEY_RESERVATION, String.class);
        if (token == null) {
            return false;
        }
        reservations.release(key, token);
        exchange.removeProperty(PixHeaders.KEY_RESERVATION);
        return true;
    }

    @Override
    public boolean add(String key) {
        return reservations.reserve(key, UUID.randomUUID().toString());
    }

    @Override
    public boolean contains(String key) {
        return reservations.isReserved(key);
    }

    /** Without the exchange there is no owner to prove: nothing is freed. */
    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return false;
    }

    @Override
    public void clear() {
        // reservations expire by themselves
    }
}
