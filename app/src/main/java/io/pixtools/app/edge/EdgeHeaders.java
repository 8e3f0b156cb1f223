package io.pixtools.app.edge;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers the edge puts on every response, chosen by path: the security headers, the Content-Security-Policy
 * that fits what is served there, and how long the response may be cached.
 */
final class EdgeHeaders {

    /** The upload page: its own scripts and styles (no inline code), the preview of a chosen file (blob:), the API. */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    /** Swagger UI at /docs: as the page, plus the icons its stylesheet embeds as data: URLs. */
    static final String DOCS_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                    + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    /** JSON, downloads, errors, metrics: not pages, so they may load nothing, and nobody may frame them. */
    static final String NOTHING_POLICY =
            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static final String NO_STORE = "no-store";
    /** A download belongs to one caller (its key or its signed link): the browser may keep it, a shared cache may not. */
    static final String PRIVATE_DOWNLOAD = "private, max-age=3600";
    /** A year; no includeSubDomains, which would also bind every other host under PixTools' name. */
    static final String HSTS = "max-age=31536000";

    private static final Set<String> PAGE = Set.of("/", "/index.html");
    private static final Set<String> DOCS = Set.of("/docs", "/docs/", "/docs/index.html");
    private static final Pattern DOWNLOAD = Pattern.compile("/api/jobs/[^/]+/(results/[^/]+|archive)");

    static final Set<String> NAMES = Set.of(
            "content-security-policy",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "cross-origin-opener-policy",
            "cross-origin-resource-policy",
            "permissions-policy",
            "strict-transport-security",
            "cache-control");

    private EdgeHeaders() {}

    /** The headers for a request to {@code path} (decoded, as the container routes it), in the order they are set. */
    static Map<String, String> forPath(String path, boolean https) {
        boolean download = DOWNLOAD.matcher(path).matches();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Content-Security-Policy",
                PAGE.contains(path) ? PAGE_POLICY : DOCS.contains(path) ? DOCS_POLICY : NOTHING_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        // Nothing PixTools links to needs to know where the visitor came from, and page URLs can name a job.
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        // A download link may be handed to another site (signed links exist for that); everything else is ours alone.
        headers.put("Cross-Origin-Resource-Policy", download ? "cross-origin" : "same-origin");
        headers.put(
                "Permissions-Policy",
                "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()");
        if (https) {
            headers.put("Strict-Transport-Security", HSTS);
        }
        String cacheControl = download ? PRIVATE_DOWNLOAD : isDynamic(path) ? NO_STORE : null;
        if (cacheControl != null) {
            headers.put("Cache-Control", cacheControl);
        }
        return headers;
    }

    /**
     * Only successes and "not modified" may be cached: an error or a redirect (a download that is not ready yet, a
     * 401) must be asked again next time.
     */
    static boolean cacheable(int status) {
        return status < 300 || status == 304;
    }

    /**
     * Browsers ignore Strict-Transport-Security received over plain HTTP, so trusting a proxy's X-Forwarded-Proto
     * (TLS ends at the load balancer) cannot be abused by a client that sends it itself.
     */
    static boolean isHttps(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-Proto");
        return request.isSecure()
                || (forwarded != null && forwarded.split(",")[0].strip().equalsIgnoreCase("https"));
    }

    static boolean isEdgeHeader(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** API answers, management endpoints and errors; the web page and its files keep the resource handler's no-cache. */
    private static boolean isDynamic(String path) {
        return path.equals("/api")
                || path.startsWith("/api/")
                || path.equals("/actuator")
                || path.startsWith("/actuator/")
                || path.equals("/error");
    }
}
