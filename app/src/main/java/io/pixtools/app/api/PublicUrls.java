package io.pixtools.app.api;

import io.pixtools.app.access.DownloadLinks;
import io.pixtools.app.settings.PixToolsProperties;
import java.net.URI;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Absolute, signed and expiring download URLs for a job ({@link DownloadLinks}). The base is
 * {@code pixtools.api.public-url} when set (behind a proxy or load balancer), otherwise the scheme and host the client
 * used for this request.
 */
@Component
public class PublicUrls {

    private final URI configured;
    private final DownloadLinks links;

    public PublicUrls(PixToolsProperties properties, DownloadLinks links) {
        this.configured = properties.api().publicUrl();
        this.links = links;
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

    public String result(String base, String jobId, String operation) {
        return base + links.sign("/api/jobs/" + jobId + "/results/" + operation);
    }

    public String archive(String base, String jobId) {
        return base + links.sign("/api/jobs/" + jobId + "/archive");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
