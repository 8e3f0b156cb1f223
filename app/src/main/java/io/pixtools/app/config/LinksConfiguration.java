package io.pixtools.app.config;

import io.pixtools.app.access.DownloadLinks;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.webhook.WebhookSigner;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The signer of download links. Without a secret of their own, links derive their key from the webhook secret,
 * which every replica already shares; wired here so that access does not depend on webhooks.
 */
@Configuration(proxyBeanMethods = false)
class LinksConfiguration {

    @Bean
    DownloadLinks downloadLinks(PixToolsProperties properties, WebhookSigner webhooks) {
        return new DownloadLinks(
                DownloadLinks.key(properties.links(), webhooks::currentKey),
                properties.links().ttl(),
                Clock.systemUTC());
    }
}
