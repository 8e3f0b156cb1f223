package io.pixtools.app.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker per receiver (host and port), from a resilience4j registry: a receiver that keeps failing stops
 * being called for {@code reset-timeout}, and its deliveries wait, without touching anybody else's. After the wait
 * one delivery may try (half open); its outcome closes or reopens the breaker.
 */
@Component
public class WebhookBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final Duration resetTimeout;

    public WebhookBreakers(PixToolsProperties properties, MeterRegistry meters) {
        PixToolsProperties.Webhooks.CircuitBreaker settings =
                properties.webhooks().circuitBreaker();
        this.resetTimeout = settings.resetTimeout();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failThreshold())
                .minimumNumberOfCalls(settings.failThreshold())
                .failureRateThreshold(100)
                .waitDurationInOpenState(settings.resetTimeout())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        registry.getEventPublisher()
                .onEntryAdded(added -> added.getAddedEntry()
                        .getEventPublisher()
                        .onStateTransition(e -> LOG.warn(
                                "Webhook circuit breaker of {}: {}",
                                e.getCircuitBreakerName(),
                                e.getStateTransition())));
        Gauge.builder(
                        "pixtools.webhook.circuits.open",
                        registry,
                        r -> r.getAllCircuitBreakers().stream()
                                .filter(b -> b.getState() == CircuitBreaker.State.OPEN
                                        || b.getState() == CircuitBreaker.State.FORCED_OPEN)
                                .count())
                .description("Webhook receivers whose circuit breaker is open")
                .register(meters);
    }

    public CircuitBreaker of(String receiver) {
        return registry.circuitBreaker(receiver);
    }

    /** How long an open breaker keeps its receiver's deliveries waiting. */
    public Duration resetTimeout() {
        return resetTimeout;
    }
}
