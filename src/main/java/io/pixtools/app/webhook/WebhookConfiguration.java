package io.pixtools.app.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.config.PixToolsProperties;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** The webhook delivery machinery: signing key, guarded HTTP client, circuit breaker and its metrics. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfiguration.class);

    @Bean
    HostResolver hostResolver() {
        return HostResolver.system();
    }

    @Bean
    WebhookSigner webhookSigner(PixToolsProperties properties) {
        String secret = properties.webhooks().secret();
        if (secret == null || secret.isBlank()) {
            secret = storedSecret(properties.dataDir().resolve("webhook-secret"));
        }
        return new WebhookSigner(secret.strip());
    }

    @Bean(destroyMethod = "close")
    PoolingHttpClientConnectionManager webhookConnections(HostResolver resolver, AddressPolicy policy, PixToolsProperties properties) {
        PixToolsProperties.Webhooks webhooks = properties.webhooks();
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(resolver, policy))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(webhooks.connectTimeout()))
                        .setSocketTimeout(timeout(webhooks.readTimeout()))
                        .build())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(4)
                .build();
    }

    /** Every webhook request goes through the guarded connections, never follows redirects, and times out. */
    @Bean
    HttpClientConfigurer webhookHttpClient(PoolingHttpClientConnectionManager webhookConnections, PixToolsProperties properties) {
        Timeout read = timeout(properties.webhooks().readTimeout());
        return builder -> builder
                .setConnectionManager(webhookConnections)
                .setConnectionManagerShared(true)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(read)
                        .setConnectionRequestTimeout(read)
                        .setRedirectsEnabled(false)
                        .build());
    }

    /** Only the delivery's own headers go out; nothing of the exchange, and no response header comes back in. */
    @Bean
    HeaderFilterStrategy webhookHeaders() {
        DefaultHeaderFilterStrategy strategy = new DefaultHeaderFilterStrategy();
        strategy.setOutFilterStartsWith(new String[0]);
        strategy.setOutFilterPattern("(?i)^(?!(content-type|user-agent|webhook-id|webhook-timestamp|webhook-signature)$).*");
        strategy.setInFilterPattern(".*");
        return strategy;
    }

    /** Opens after {@code fail-threshold} failed deliveries in a row, and lets one delivery try after the reset timeout. */
    @Bean
    CircuitBreaker webhookCircuitBreaker(PixToolsProperties properties, MeterRegistry meters) {
        PixToolsProperties.Webhooks.CircuitBreaker settings = properties.webhooks().circuitBreaker();
        CircuitBreaker breaker = CircuitBreaker.of("webhooks", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failThreshold())
                .minimumNumberOfCalls(settings.failThreshold())
                .failureRateThreshold(100)
                .waitDurationInOpenState(settings.resetTimeout())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        Gauge.builder("pixtools.webhook.circuit.state", breaker, b -> switch (b.getState()) {
                    case CLOSED -> 0;
                    case OPEN, FORCED_OPEN -> 1;
                    case HALF_OPEN -> 2;
                    default -> 3;
                })
                .description("Webhook circuit breaker: 0 closed, 1 open, 2 half-open")
                .register(meters);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("Webhook circuit breaker: {}", e.getStateTransition()));
        return breaker;
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(duration.toMillis());
    }

    /** The embedded default keeps one generated secret in its data directory, readable by its owner only. */
    private static String storedSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file);
            }
            Files.createDirectories(file.getParent());
            String secret = WebhookSigner.newSecret();
            Files.writeString(file, secret);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            LOG.info("Created a webhook signing secret in {} (set PIXTOOLS_WEBHOOKS_SECRET to choose one)", file);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the webhook secret " + file, e);
        }
    }
}
