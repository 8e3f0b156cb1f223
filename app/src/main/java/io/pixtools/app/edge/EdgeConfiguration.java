package io.pixtools.app.edge;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The edge headers, and the API's JSON error, on the answers Tomcat gives itself, before any filter runs. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class EdgeConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerRefusalHeaders() {
        return factory -> factory.addEngineValves(new ContainerRefusalHeaders());
    }
}
