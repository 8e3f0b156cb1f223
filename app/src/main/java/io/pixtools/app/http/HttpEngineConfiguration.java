package io.pixtools.app.http;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Replaces camel-platform-http-starter's engine (it backs off when one exists): see {@link InlinePlatformHttpConsumer}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class HttpEngineConfiguration {

    @Bean("platform-http-engine")
    PlatformHttpEngine inlinePlatformHttpEngine(@Value("${server.port:8080}") int port) {
        return new InlinePlatformHttpEngine(port);
    }
}
