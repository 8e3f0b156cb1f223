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

    @Bean(destroyMethod = "close")
    Buckets rateLimitBuckets(PixToolsProperties properties, ObjectProvider<RedisConnectionFactory> redis) {
        if (properties.rateLimits().store() == PixToolsProperties.Idempotency.Store.REDIS) {
            return new RedisBuckets(
                    () -> (RedisClient) ((LettuceConnectionFactory) redis.getObject()).getRequiredNativeClient(),
                    Duration.ofMillis(500));
        }
        return new MemoryBuckets();
    }

    @Bean
    RateLimits rateLimits(PixToolsProperties properties, JdbcTemplate jdbc, Buckets buckets) {
        return new RateLimits(buckets, jdbc, properties.rateLimits());
    }
}
