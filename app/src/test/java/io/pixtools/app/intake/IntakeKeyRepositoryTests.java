package io.pixtools.app.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.distributed.DistributedServices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Idempotency-Key reservations: held by their owner only, for seconds. Regressions: a 409 for a duplicate deleted
 * the first request's reservation; a Redis reservation outlived a failed intake and blocked its key for 24 hours.
 */
class IntakeKeyRepositoryTests {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private static Exchange request() {
        return new DefaultExchange(CAMEL);
    }

    abstract static class Contract {

        abstract KeyReservations reservations();

        @Test
        void onlyTheOwnerOfAReservationCanFreeIt() {
            IntakeKeyRepository keys = new IntakeKeyRepository(reservations());
            String key = "key-" + UUID.randomUUID();
            Exchange first = request();
            Exchange duplicate = request();

            assertThat(keys.add(first, key)).isTrue();
            assertThat(keys.add(duplicate, key))
                    .as("a duplicate does not get the key")
                    .isFalse();
            keys.remove(duplicate, key);
            keys.confirm(duplicate, key);
            assertThat(keys.contains(request(), key))
                    .as("the duplicate's failure leaves the reservation")
                    .isTrue();

            keys.confirm(first, key);
            assertThat(keys.contains(request(), key))
                    .as("the owner's completion frees it")
                    .isFalse();
            assertThat(keys.add(request(), key)).isTrue();
        }

        @Test
        void withoutTheExchangeNothingIsFreed() {
            IntakeKeyRepository keys = new IntakeKeyRepository(reservations());
            String key = "key-" + UUID.randomUUID();
            keys.add(request(), key);
            assertThat(keys.remove(key)).isFalse();
            assertThat(keys.contains(key)).isTrue();
        }
    }

    @Nested
    class InMemory extends Contract {

        private final MutableClock clock = new MutableClock();

        @Override
        KeyReservations reservations() {
            return new MemoryKeyReservations(Duration.ofSeconds(30), clock);
        }

        @Test
        void aReservationExpiresByItself() {
            KeyReservations reservations = reservations();
            assertThat(reservations.reserve("k", "crashed-intake")).isTrue();
            clock.advance(Duration.ofSeconds(29));
            assertThat(reservations.reserve("k", "retry")).isFalse();
            clock.advance(Duration.ofSeconds(2));
            assertThat(reservations.reserve("k", "retry")).isTrue();
        }
    }

    /** On this machine's Redis (database 7, as the distributed tests use). */
    @Nested
    class InRedis extends Contract {

        private static LettuceConnectionFactory connections;
        private static StringRedisTemplate redis;

        @BeforeAll
        static void connect() {
            RedisStandaloneConfiguration config = new RedisStandaloneConfiguration("127.0.0.1", 6379);
            config.setDatabase(DistributedServices.REDIS_DATABASE);
            connections = new LettuceConnectionFactory(config);
            connections.afterPropertiesSet();
            redis = new StringRedisTemplate(connections);
        }

        @AfterAll
        static void disconnect() {
            connections.destroy();
        }

        @Override
        KeyReservations reservations() {
            return new RedisKeyReservations(redis, Duration.ofSeconds(30));
        }

        @Test
        void aReservationLivesSecondsNotTheRetentionPeriod() {
            String key = "ttl-" + UUID.randomUUID();
            reservations().reserve(key, "token");
            Long ttl = redis.getExpire("pixtools:intake-key:" + key);
            assertThat(ttl).isBetween(1L, 30L);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
