package io.pixtools.app.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code MANAGEMENT_SERVER_PORT} set, {@code /actuator} is not found on the application's port. (Hawtio's
 * auto-configuration would also serve its pages there.) A filter of the main context only: the management port's
 * web server does not run it.
 */
@Component
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class ManagementPortOnlyFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = EdgeHeadersFilter.path(request);
        return !(path.equals("/actuator") || path.startsWith("/actuator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
