package io.pixtools.app.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Reservations in this process's memory: the embedded default, where one process takes every request. */
public final class MemoryKeyReservations implements KeyReservations {

    private final ConcurrentMap<String, Reservation> reservations = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public MemoryKeyReservations(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public boolean reserve(String key, String token) {
        Instant now = clock.instant();
        Reservation mine = new Reservation(token, now.plus(ttl));
        Reservation held =
                reservations.compute(key, (k, current) -> current == null || current.expired(now) ? mine : current);
        if (reservations.size() > 10_000) {
            reservations.values().removeIf(r -> r.expired(now));
        }
        return held == mine;
    }

    @Override
    public void release(String key, String token) {
        reservations.computeIfPresent(key, (k, current) -> current.token().equals(token) ? null : current);
    }

    @Override
    public boolean isReserved(String key) {
        Reservation current = reservations.get(key);
        return current != null && !current.expired(clock.instant());
    }

    @Override
    public String check() {
        return "in memory, " + reservations.size() + " keys reserved";
    }

    private record Reservation(String token, Instant expires) {
        boolean expired(Instant now) {
            return !now.isBefore(expires);
        }
    }
}
