package io.pixtools.app.config;

import io.pixtools.app.intake.IntakeKeyRepository;
import io.pixtools.app.intake.MemoryKeyReservations;
import io.pixtools.app.intake.RedisKeyReservations;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.processors.WorkFiles;
import java.time.Clock;
import org.apache.camel.processor.aggregate.zipfile.ZipAggregationStrategy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The stateful pieces the routes name: idempotency keys, the ZIP builder. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Keys of requests being taken in right now, in this process. Completed keys live on in the jobs table. */
    @Bean
    @ConditionalOnProperty(name = "pixtools.idempotency.store", havingValue = "memory", matchIfMissing = true)
    IntakeKeyRepository intakeKeys(PixToolsProperties properties) {
        return new IntakeKeyRepository(
                new MemoryKeyReservations(properties.idempotency().reservationTtl(), Clock.systemUTC()));
    }

    /**
     * Keys in Redis, shared by every API replica, so that two replicas taking in the same key at once still make one
     * job. A reservation lives as long as the intake (or its time-to-live, seconds); the jobs table's unique key is the
     * lasting record and the last guard.
     */
    @Bean("intakeKeys")
    @ConditionalOnProperty(name = "pixtools.idempotency.store", havingValue = "redis")
    IntakeKeyRepository redisIntakeKeys(StringRedisTemplate redis, PixToolsProperties properties) {
        return new IntakeKeyRepository(
                new RedisKeyReservations(redis, properties.idempotency().reservationTtl()));
    }

    @Bean
    ZipAggregationStrategy zipBundle(WorkFiles workFiles, PixToolsProperties properties) {
        ZipAggregationStrategy zip = new ZipAggregationStrategy(true, true, true);
        zip.setParentDir(properties.workDirectory().toFile());
        zip.setFilePrefix("bundle-");
        return zip;
    }
}
