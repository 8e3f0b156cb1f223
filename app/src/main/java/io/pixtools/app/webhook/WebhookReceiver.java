package io.pixtools.app.webhook;

import java.net.URI;
import java.util.Locale;

/**
 * Names a job's webhook receiver, {@code host:port} of its URL, for the outbox row: circuit breakers and concurrency
 * limits are kept per receiver.
 */
public final class WebhookReceiver {

    private WebhookReceiver() {}

    public static String of(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return AddressPolicy.normalize(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }
}
