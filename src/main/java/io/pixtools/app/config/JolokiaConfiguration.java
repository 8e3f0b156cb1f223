package io.pixtools.app.config;

import org.jolokia.server.core.http.AgentServlet;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jolokia, the JMX-over-HTTP agent that the Hawtio console talks to, where Hawtio looks for it. (Central has no
 * Jolokia Spring Boot 3 starter, so the agent servlet is registered directly.) Behind the management credentials.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "camel.main.jmx-enabled", havingValue = "true", matchIfMissing = true)
class JolokiaConfiguration {

    @Bean
    ServletRegistrationBean<AgentServlet> jolokia() {
        ServletRegistrationBean<AgentServlet> registration =
                new ServletRegistrationBean<>(new AgentServlet(), "/actuator/jolokia/*", "/actuator/hawtio/jolokia/*");
        registration.setName("jolokia");
        registration.addInitParameter("discoveryEnabled", "false");
        return registration;
    }
}
