package io.pixtools.app.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Only {@code POST /api/process} takes an upload. Any other request that carries a multipart body is refused with a
 * 415 before the body is parsed. Regression: a GET with file parts had them parsed and copied to the web server's temp
 * directory by the route's HTTP binding, where nothing deleted them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // after EdgeHeadersFilter, so that its refusals carry the edge headers
class UploadsOnlyForIntakeFilter extends OncePerRequestFilter {

    static final String INTAKE = "/api/process";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean multipart = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
        if (multipart && !("POST".equals(request.getMethod()) && INTAKE.equals(request.getRequestURI()))) {
            response.setStatus(415);
            response.setContentType("application/json");
            response.getOutputStream()
                    .write(("{\"status\":415,\"error\":\"unsupported_media_type\",\"message\":\"Content-Type: "
                                    + "only POST " + INTAKE + " takes a multipart upload\",\"field\":\"Content-Type\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
