package io.pixtools.app.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The error page's path ({@code /error}) is where the container renders an error, not an endpoint: asked for directly
 * it is an unknown path, 404. Spring's error controller would answer it as an error without a status, a 500 with
 * {@code "status": 999}. Only requests are filtered; the container's own error dispatch to the path goes through.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class ErrorPathFilter extends OncePerRequestFilter {

    private final String errorPath;

    ErrorPathFilter(@Value("${server.error.path:/error}") String errorPath) {
        this.errorPath = errorPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !EdgeHeadersFilter.path(request).equals(errorPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
