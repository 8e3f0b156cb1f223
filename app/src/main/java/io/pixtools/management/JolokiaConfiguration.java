package io.pixtools.management;

import org.jolokia.server.core.http.AgentServlet;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Jolokia, the JMX-over-HTTP agent that the Hawtio console talks to, where Hawtio looks for it. (Central has no
 * Jolokia Spring Boot 3 starter, so the agent servlet is registered directly.) A management context configuration, so
 * it moves with {@code MANAGEMENT_SERVER_PORT}; behind the management credentials.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
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
