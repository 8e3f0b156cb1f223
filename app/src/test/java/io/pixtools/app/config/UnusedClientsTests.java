package io.pixtools.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class UnusedClientsTests {

    @Test
    void theEmbeddedDefaultStartsNeitherTheRedisNorTheRabbitClient() {
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(new MockEnvironment()))
                .contains("RedisAutoConfiguration", "RedisReactiveAutoConfiguration", "RabbitAutoConfiguration");
    }

    @Test
    void redisStaysWhenEitherStoreUsesIt() {
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(
                        new MockEnvironment().withProperty("pixtools.rate-limits.store", "redis")))
                .doesNotContain("Redis")
                .contains("RabbitAutoConfiguration");
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(
                        new MockEnvironment().withProperty("pixtools.idempotency.store", "REDIS")))
                .doesNotContain("Redis");
    }

    @Test
    void theDistributedSettingsExcludeNothing() {
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(new MockEnvironment()
                        .withProperty("pixtools.transport", "rabbitmq")
                        .withProperty("pixtools.idempotency.store", "redis")
                        .withProperty("pixtools.rate-limits.store", "redis")))
                .isEmpty();
    }
}
