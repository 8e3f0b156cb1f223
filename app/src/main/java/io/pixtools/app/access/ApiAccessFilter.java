package io.pixtools.app.access;

import io.pixtools.processors.PixHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call {@code /api}: runs before anything reads the request body, so an unauthenticated upload is refused
 * before it is parsed. Health and the OpenAPI description are open; a download through a valid signed link needs no
 * key; everything else needs an active key ({@code Authorization: Bearer <key>} or {@code X-API-Key}) once any key
 * exists. The caller goes to the routes in {@link PixHeaders#CALLER}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiAccessFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAccessFilter.class);

    static final String CHALLENGE = "Bearer realm=\"pixtools\"";
    /** The established caller, for the filters after this one. */
    public static final String CALLER_ATTRIBUTE = ApiAccessFilter.class.getName() + ".caller";

    private static final Set<String> OPEN = Set.of("/api/health", "/api/openapi.json");
    private static final Pattern DOWNLOAD = Pattern.compile(
            "/api/jobs/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(results/[a-z0-9_-]{1,32}|archive)");

    private final ApiKeyRegistry keys;
    private final DownloadLinks links;

    public ApiAccessFilter(ApiKeyRegistry keys, DownloadLinks links) {
        this.keys = keys;
        this.links = links;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        if (!path.toLowerCase(Locale.ROOT).startsWith("/api") || OPEN.contains(path)) {
            pass(request, response, chain, null);
            return;
        }
        Map<String, String> query = query(request.getQueryString());
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (read
                && query.containsKey(DownloadLinks.SIGNATURE)
                && DOWNLOAD.matcher(path).matches()) {
            switch (links.verify(path, query.get(DownloadLinks.EXPIRES), query.get(DownloadLinks.SIGNATURE))) {
                case VALID -> pass(request, response, chain, Callers.SIGNED_LINK);
                case EXPIRED ->
                    FilterReplies.error(
                            response,
                            403,
                            "link_expired",
                            "this download link has expired; GET the job again for a fresh one",
                            DownloadLinks.EXPIRES);
                case INVALID ->
                    FilterReplies.error(
                            response,
                            403,
                            "invalid_signature",
                            "this download link's signature does not match it",
                            DownloadLinks.SIGNATURE);
            }
            return;
        }
        String presented = presentedKey(request);
        boolean required;
        Optional<String> keyId;
        try {
            required = keys.required();
            keyId = presented != null && keys.enabled() ? keys.keyId(presented) : Optional.empty();
        } catch (ApiKeyRegistry.LookupUnavailableException e) {
            LOG.debug("API key not checked: {}", e.getMessage());
            FilterReplies.unavailable(response, "the API key could not be checked; retry in a second", "database");
            return;
        }
        if (!required) {
            // Open, as long as no key exists; a request that brings a key that does exist is that key's, so that the
            // jobs it submits stay its own once keys are required.
            pass(request, response, chain, keyId.orElse(null));
            return;
        }
        if (presented == null) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
            FilterReplies.error(
                    response,
                    401,
                    "missing_api_key",
                    "Authorization: send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                    "Authorization");
            return;
        }
        if (keyId.isEmpty()) {
            response.setHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
            FilterReplies.error(
                    response,
                    401,
                    "invalid_api_key",
                    "Authorization: this API key is unknown or revoked",
                    "Authorization");
            return;
        }
        pass(request, response, chain, keyId.get());
    }

    private static void pass(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String caller)
            throws ServletException, IOException {
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        chain.doFilter(new CallerRequest(request, caller), response);
    }

    /** The path the application sees: decoded, dot segments and path parameters removed by the container. */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }

    private static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String header = request.getHeader("X-API-Key");
        return header == null ? null : header.strip();
    }

    /** The query string's parameters, read without touching the body (getParameter would parse a form upload). */
    private static Map<String, String> query(String queryString) {
        Map<String, String> params = new HashMap<>();
        if (queryString == null) {
            return params;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    params.putIfAbsent(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // a broken escape: the parameter counts as absent
                }
            }
        }
        return params;
    }
}
