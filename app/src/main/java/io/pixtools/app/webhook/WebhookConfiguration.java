package io.pixtools.app.webhook;

import io.pixtools.app.settings.PixToolsProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

/** The webhook delivery machinery: signing keys, guarded HTTP client, retry schedule. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfiguration.class);

    @Bean
    HostResolver hostResolver() {
        return HostResolver.system();
    }

    /** Signs with the current secret and, during a rotation, with the previous ones too. */
    @Bean
    WebhookSigner webhookSigner(PixToolsProperties properties) {
        String secret = properties.webhooks().secret();
        if (secret == null || secret.isBlank()) {
            secret = storedSecret(properties.dataDir().resolve("webhook-secret"));
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(secret.strip());
        properties.webhooks().previousSecrets().stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(secrets::add);
        return new WebhookSigner(secrets);
    }

    @Bean(destroyMethod = "close")
    PoolingHttpClientConnectionManager webhookConnections(
            HostResolver resolver, AddressPolicy policy, PixToolsProperties properties) {
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
    HttpClientConfigurer webhookHttpClient(
            PoolingHttpClientConnectionManager webhookConnections, PixToolsProperties properties) {
        Timeout read = timeout(properties.webhooks().readTimeout());
        return builder -> builder.setConnectionManager(webhookConnections)
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
        strategy.setOutFilterPattern(
                "(?i)^(?!(content-type|user-agent|webhook-id|webhook-timestamp|webhook-signature)$).*");
        strategy.setInFilterPattern(".*");
        return strategy;
    }

    /** The retry schedule, with its jitter, from the settings. */
    @Bean
    WebhookSchedule webhookSchedule(PixToolsProperties properties) {
        PixToolsProperties.Webhooks webhooks = properties.webhooks();
        return new WebhookSchedule(
                webhooks.retrySchedule(), webhooks.jitter(), webhooks.maxRetryAfter(), new SecureRandom());
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
