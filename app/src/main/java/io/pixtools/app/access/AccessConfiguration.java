package io.pixtools.app.access;

import io.lettuce.core.RedisClient;
import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /**
     * How long a rate-limit check waits for Redis before letting the request through. Short: while Redis is down, an
     * upload pays this before its Idempotency-Key lookup waits for Redis too (then 503), and the two add up.
     */
    static final Duration REDIS_BUCKETS_TIMEOUT = Duration.ofMillis(250);

    @Bean(destroyMethod = "close")
    Buckets rateLimitBuckets(PixToolsProperties properties, ObjectProvider<RedisConnectionFactory> redis) {
        if (properties.rateLimits().store() == PixToolsProperties.Idempotency.Store.REDIS) {
            return new RedisBuckets(
                    () -> (RedisClient) ((LettuceConnectionFactory) redis.getObject()).getRequiredNativeClient(),
                    REDIS_BUCKETS_TIMEOUT);
        }
        return new MemoryBuckets();
    }

    @Bean
    RateLimits rateLimits(PixToolsProperties properties, JdbcTemplate jdbc, Buckets buckets) {
        return new RateLimits(buckets, jdbc, properties.rateLimits());
    }
}
