package io.pixtools.app.access;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Buckets in Redis (Bucket4j's compare-and-swap over Lettuce), shared by every API replica. A bucket's key expires
 * once it would be full again; a change of the limits replaces the stored configuration, keeping the tokens used.
 */
class RedisBuckets implements Buckets {

    static final String PREFIX = "pixtools:rate:";
    static final Duration RETRY_CONNECT = Duration.ofSeconds(5);

    private final Supplier<RedisClient> client;
    private final Duration timeout;
    private StatefulRedisConnection<String, byte[]> connection;
    private ProxyManager<String> proxies;
    private Long failedAt;

    /** Connects on first use: Spring's Redis client only exists once its connection factory has started. */
    RedisBuckets(Supplier<RedisClient> client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** After a failed connection, the next attempt waits {@link #RETRY_CONNECT}: no request queues behind a dead Redis. */
    private synchronized ProxyManager<String> proxies() {
        if (proxies == null) {
            if (failedAt != null && System.nanoTime() - failedAt < RETRY_CONNECT.toNanos()) {
                throw new IllegalStateException("Redis unreachable a moment ago; not trying again yet");
            }
            try {
                connection = client.get().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            } catch (RuntimeException e) {
                failedAt = System.nanoTime();
                throw e;
            }
            connection.setTimeout(timeout);
            proxies = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .requestTimeout(timeout)
                    .build();
        }
        return proxies;
    }

    @Override
    public Bucket bucket(String name, BucketConfiguration configuration) {
        return proxies()
                .builder()
                .withImplicitConfigurationReplacement(configuration.hashCode(), TokensInheritanceStrategy.AS_IS)
                .build(PREFIX + name, () -> configuration);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
