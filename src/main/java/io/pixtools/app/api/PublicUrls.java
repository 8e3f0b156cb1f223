package io.pixtools.app.api;

import io.pixtools.app.config.PixToolsProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.net.URI;

/**
 * Absolute download URLs for a job. The base is {@code pixtools.api.public-url} when set (behind a proxy or load
 * balancer), otherwise the scheme and host the client used for this request.
 */
@Component
public class PublicUrls {

    private final URI configured;

    public PublicUrls(PixToolsProperties properties) {
        this.configured = properties.api().publicUrl();
    }

    public String base(Exchange exchange) {
        if (configured != null) {
            return stripSlash(configured.toString());
        }
        String requestUrl = exchange.getIn().getHeader(Exchange.HTTP_URL, String.class);
        if (requestUrl == null) {
            return "";
        }
        URI uri = URI.create(requestUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    public static String result(String base, String jobId, String operation) {
        return base + "/api/jobs/" + jobId + "/results/" + operation;
    }

    public static String archive(String base, String jobId) {
        return base + "/api/jobs/" + jobId + "/archive";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
