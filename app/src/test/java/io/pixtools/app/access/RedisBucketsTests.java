package io.pixtools.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixtools.app.distributed.DistributedServices;
import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * The distributed profile's buckets live in Redis (this machine's, in the tests' database): two API replicas draw
 * from one bucket per key. When Redis cannot be reached, requests pass rather than fail.
 */
class RedisBucketsTests {

    private static final PixToolsProperties.RateLimits LIMITS = new PixToolsProperties.RateLimits(
            1, 3, 10, DataSize.ofKilobytes(100), PixToolsProperties.Idempotency.Store.REDIS);

    @Test
    void twoReplicasDrawFromTheSameBucket() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379/" + DistributedServices.REDIS_DATABASE);
        try (RedisBuckets one = new RedisBuckets(() -> client, Duration.ofSeconds(2));
                RedisBuckets other = new RedisBuckets(() -> client, Duration.ofSeconds(2))) {
            RateLimits first = new RateLimits(one, null, LIMITS);
            RateLimits second = new RateLimits(other, null, LIMITS);
            String caller = "test-" + UUID.randomUUID();
            assertThat(first.request(caller).isConsumed()).isTrue();
            assertThat(second.request(caller).isConsumed()).isTrue();
            assertThat(first.request(caller).isConsumed()).isTrue();
            assertThat(second.request(caller).isConsumed())
                    .as("the burst of 3 is shared")
                    .isFalse();
            assertThat(first.request("test-" + UUID.randomUUID()).isConsumed())
                    .as("another key's bucket")
                    .isTrue();
            assertThat(first.upload(caller, 60_000).isConsumed()).isTrue();
            assertThat(second.upload(caller, 60_000).isConsumed())
                    .as("the daily upload quota is shared")
                    .isFalse();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void whenRedisCannotBeReachedRequestsPassAndTheFailureIsCounted() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:1/0");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RedisBuckets unreachable = new RedisBuckets(() -> client, Duration.ofMillis(500))) {
            RateLimitFilter filter = new RateLimitFilter(new RateLimits(unreachable, null, LIMITS), meters);
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/jobs/" + UUID.randomUUID());
            request.setServletPath(request.getRequestURI());
            request.setAttribute(ApiAccessFilter.CALLER_ATTRIBUTE, "some-key");
            MockFilterChain chain = new MockFilterChain();
            long started = System.nanoTime();
            filter.doFilter(request, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as("the request went on").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(meters.counter("pixtools.rate.limit.errors").count()).isEqualTo(1);
        } finally {
            client.shutdown();
        }
    }
}
