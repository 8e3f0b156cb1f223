package io.pixtools.app.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Everything under {@code /actuator} (Hawtio, Jolokia, the endpoint index, any endpoint exposed later) needs the
 * management credentials (HTTP basic: {@code PIXTOOLS_MANAGEMENT_USER} and {@code PIXTOOLS_MANAGEMENT_PASSWORD}, see
 * {@link ManagementCredentials}), except health, info and metrics: what load balancers, probes and Prometheus call.
 * The API and the web page stay open here. Response headers are the edge's ({@code io.pixtools.app.edge}), not Spring
 * Security's, so that every response carries the same ones, including those no security filter chain writes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain management(HttpSecurity http) throws Exception {
        // Path patterns, not MVC matchers: Jolokia is its own servlet, outside Spring MVC's view of the paths. They
        // match the decoded path; what does not normalise (//, /./, ;, %2e) is refused before, by Spring Security's
        // firewall and, for Jolokia's prefix, by io.pixtools.app.edge.NonCanonicalPathFilter.
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return http.securityMatcher(paths.matcher("/actuator/**"))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                paths.matcher("/actuator/health"),
                                paths.matcher("/actuator/health/**"),
                                paths.matcher("/actuator/info"),
                                paths.matcher("/actuator/prometheus"))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }
}
