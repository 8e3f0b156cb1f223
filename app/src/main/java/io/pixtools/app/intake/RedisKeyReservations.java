package io.pixtools.app.intake;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Reservations in Redis, shared by every API replica: {@code SET key token NX PX ttl} takes one atomically, and a
 * script deletes it only for the token that holds it, so a duplicate request can never free the first one's key.
 */
public final class RedisKeyReservations implements KeyReservations {

    private static final String PREFIX = "pixtools:intake-key:";
    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;

    public RedisKeyReservations(StringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    @Override
    public boolean reserve(String key, String token) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(PREFIX + key, token, ttl));
    }

    @Override
    public void release(String key, String token) {
        redis.execute(RELEASE, List.of(PREFIX + key), token);
    }

    @Override
    public boolean isReserved(String key) {
        return Boolean.TRUE.equals(redis.hasKey(PREFIX + key));
    }

    @Override
    public String check() {
        redis.hasKey(PREFIX + "health-probe");
        return "Redis";
    }
}
