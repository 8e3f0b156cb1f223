package io.pixtools.app.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400) a request that reaches a servlet mapped by path prefix (Jolokia, {@code /actuator/jolokia/*}) through
 * another spelling of that prefix: {@code /%61ctuator/jolokia}, {@code /actuator/./jolokia}, {@code /actuator;x=y/jolokia}.
 * The container decodes and routes such a path, but Spring's path parsing, which Spring Security's matchers use,
 * requires the raw path to start with the servlet's prefix and fails with a 500 otherwise.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class NonCanonicalPathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHttpServletMapping().getMappingMatch() == MappingMatch.PATH && !spellsItsPrefix(request)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean spellsItsPrefix(HttpServletRequest request) {
        String prefix = request.getContextPath() + request.getServletPath();
        String uri = request.getRequestURI();
        return uri.startsWith(prefix) && (uri.length() == prefix.length() || uri.charAt(prefix.length()) == '/');
    }
}
