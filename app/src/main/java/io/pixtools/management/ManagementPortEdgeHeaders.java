package io.pixtools.management;

import io.pixtools.app.edge.ContainerRefusalHeaders;
import io.pixtools.app.edge.EdgeHeadersFilter;
import io.pixtools.app.edge.NonCanonicalPathFilter;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * With {@code MANAGEMENT_SERVER_PORT} set, the management endpoints run in a child context with a web server of its
 * own, which gets only the filters registered in it: the edge's are added there, as Spring Boot adds Spring
 * Security's filter chain, and in the same order as on the application's port.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementPortEdgeHeaders {

    @Bean
    FilterRegistrationBean<EdgeHeadersFilter> managementEdgeHeaders(EdgeHeadersFilter filter) {
        FilterRegistrationBean<EdgeHeadersFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<NonCanonicalPathFilter> managementNonCanonicalPaths(NonCanonicalPathFilter filter) {
        FilterRegistrationBean<NonCanonicalPathFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementContainerRefusalHeaders() {
        return factory -> factory.addEngineValves(new ContainerRefusalHeaders());
    }
}
