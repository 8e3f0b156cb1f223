package io.pixtools.app.access;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.api.form.FormDataResolver;
import io.pixtools.app.settings.PixToolsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits and quotas per API key, checked after {@link ApiAccessFilter} and before the body is read: 429 with
 * {@code Retry-After} and the IETF {@code RateLimit}/{@code RateLimit-Policy} headers
 * (draft-ietf-httpapi-ratelimit-headers) when one is used up. Every {@code /api} answer carries the request limit's
 * headers. When the bucket store fails (Redis down), requests pass: the limits protect the service and must not
 * become its outage.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final String INTAKE = "/api/process";

    private final RateLimits limits;
    private final MeterRegistry meters;
    private final String requestPolicy;
    private final String uploadPolicy;

    public RateLimitFilter(RateLimits limits, MeterRegistry meters) {
        this.limits = limits;
        this.meters = meters;
        PixToolsProperties.RateLimits l = limits.limits();
        long window = Math.max(1, (l.burst() + l.requestsPerSecond() - 1) / l.requestsPerSecond());
        this.requestPolicy = "\"requests\";q=" + l.burst() + ";w=" + window;
        this.uploadPolicy = "\"upload-bytes\";q=" + l.uploadBytesPerDay().toBytes() + ";w=86400";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = ApiAccessFilter.path(request);
        if (!path.toLowerCase(Locale.ROOT).startsWith("/api") || path.equals("/api/health")) {
            chain.doFilter(request, response);
            return;
        }
        Object caller = request.getAttribute(ApiAccessFilter.CALLER_ATTRIBUTE);
        if (caller == null || Callers.SIGNED_LINK.equals(caller)) {
            // Limits belong to keys: an open API (no keys) and signed downloads are not counted.
            chain.doFilter(request, response);
            return;
        }
        String id = caller.toString();
        boolean upload = "POST".equals(request.getMethod()) && INTAKE.equals(path);
        try {
            if (refused(request, response, id, upload)) {
                return;
            }
        } catch (RuntimeException e) {
            storeFailed(e);
        }
        chain.doFilter(request, response);
        if (upload && request.getContentLengthLong() < 0) {
            chargeUploadOfUnknownLength(request, id);
        } else if (upload && response.getStatus() != HttpServletResponse.SC_ACCEPTED && !request.isAsyncStarted()) {
            // Charged its declared length in advance, and not taken in: a refused upload (413, 415, 422...) or a
            // replay must not use up the key's quota.
            refund(id, request.getContentLengthLong());
        }
    }

    private void refund(String id, long bytes) {
        try {
            limits.refundUpload(id, bytes);
        } catch (RuntimeException e) {
            storeFailed(e);
        }
    }

    /** Checks every limit that applies; answers 429 and returns true when one is used up. */
    private boolean refused(HttpServletRequest request, HttpServletResponse response, String id, boolean upload)
            throws IOException {
        ConsumptionProbe probe = limits.request(id);
        response.setHeader("RateLimit-Policy", requestPolicy);
        response.setHeader(
                "RateLimit",
                "\"requests\";r=" + probe.getRemainingTokens() + ";t=" + seconds(probe.getNanosToWaitForRefill()));
        if (!probe.isConsumed()) {
            refuse(
                    response,
                    id,
                    "requests",
                    seconds(probe.getNanosToWaitForRefill()),
                    "rate_limited",
                    "too many requests for this API key; slow down and retry after Retry-After seconds");
            return true;
        }
        if (!upload) {
            return false;
        }
        if (!limits.roomForAnotherJob(id)) {
            refuse(
                    response,
                    id,
                    "jobs_in_flight",
                    5,
                    "too_many_jobs_in_flight",
                    "this API key has " + limits.limits().jobsInFlight()
                            + " jobs unfinished; retry when some have finished");
            return true;
        }
        // A chunked upload of unknown size needs some quota left now and is charged what it was, afterwards.
        ConsumptionProbe bytes = limits.upload(id, Math.max(1, request.getContentLengthLong()));
        if (!bytes.isConsumed()) {
            response.setHeader("RateLimit-Policy", requestPolicy + ", " + uploadPolicy);
            response.setHeader(
                    "RateLimit",
                    "\"upload-bytes\";r=" + bytes.getRemainingTokens() + ";t="
                            + seconds(bytes.getNanosToWaitForRefill()));
            refuse(
                    response,
                    id,
                    "upload_bytes",
                    seconds(bytes.getNanosToWaitForRefill()),
                    "upload_quota_exceeded",
                    "this API key's daily upload quota is used up; retry after Retry-After seconds");
            return true;
        }
        return false;
    }

    private void chargeUploadOfUnknownLength(HttpServletRequest request, String id) {
        long size = FormDataResolver.bodyBytes(request);
        if (size < 0) {
            return; // refused before its form was read: nothing was taken in
        }
        try {
            limits.chargeUpload(id, size);
        } catch (RuntimeException e) {
            storeFailed(e);
        }
    }

    private void storeFailed(Exception e) {
        LOG.warn("Rate limits unavailable ({}); letting the request through", e.toString());
        meters.counter("pixtools.rate.limit.errors").increment();
    }

    private void refuse(
            HttpServletResponse response, String label, String limit, long retryAfter, String error, String message)
            throws IOException {
        meters.counter("pixtools.rate.limited", "key", label, "limit", limit).increment();
        response.setHeader("Retry-After", String.valueOf(retryAfter));
        FilterReplies.error(response, 429, error, message, null);
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }
}
