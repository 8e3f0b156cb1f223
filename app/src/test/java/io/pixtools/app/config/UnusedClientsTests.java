package io.pixtools.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.mock.env.MockEnvironment;

class UnusedClientsTests {

    @Test
    void theEmbeddedDefaultStartsNeitherTheRedisNorTheRabbitClient() {
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(new MockEnvironment()))
                .containsExactlyInAnyOrder(
                        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
                        "org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration",
                        "org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration",
                        "org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration");
    }

    @Test
    void redisStaysWhenEitherStoreUsesIt() {
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(
                        new MockEnvironment().withProperty("pixtools.rate-limits.store", "redis")))
                .noneMatch(name -> name.contains("Redis"))
                .anyMatch(name -> name.endsWith("RabbitAutoConfiguration"));
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(
                        new MockEnvironment().withProperty("pixtools.idempotency.store", "REDIS")))
                .noneMatch(name -> name.contains("Redis"));
    }

    @Test
    void theDistributedSettingsExcludeNothing() {
        assertThat(DefaultsEnvironmentPostProcessor.unusedClients(new MockEnvironment()
                        .withProperty("pixtools.transport", "rabbitmq")
                        .withProperty("pixtools.idempotency.store", "redis")
                        .withProperty("pixtools.rate-limits.store", "redis")))
                .isEmpty();
    }

    @Test
    void everyNeverUsedNameIsAnAutoConfigurationOnTheClassPath() {
        List<String> candidates = ImportCandidates.load(
                        AutoConfiguration.class, getClass().getClassLoader())
                .getCandidates();
        assertThat(candidates).containsAll(DefaultsEnvironmentPostProcessor.NEVER_USED);
    }
}
