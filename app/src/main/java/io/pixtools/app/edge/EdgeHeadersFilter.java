package io.pixtools.app.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the {@link EdgeHeaders} on every response, whoever answers: a route, the web page, Spring's error page,
 * Jolokia, Hawtio, or a refusal by Spring Security or a filter. They are set before anything else runs, so a request
 * that never reaches a route has them too; and they go on the servlet response, because platform-http's header
 * filter drops a Cache-Control set on the Camel message.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EdgeHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EdgeHeaders.forPath(path(request), EdgeHeaders.isHttps(request)).forEach(response::setHeader);
        chain.doFilter(request, new EdgeResponse(response));
    }

    /** Errors are rendered in a dispatch of their own (to /error): set again there, whatever happened to the response. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** The path the container routes: decoded, with dot segments and path parameters removed. */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }
}
