package io.pixtools.app.webhook;

import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Names a job's webhook receiver, {@code host:port} of its URL, for the outbox row: circuit breakers and concurrency
 * limits are kept per receiver. No header when the job has no webhook.
 */
@Component("webhookReceiver")
public class WebhookReceiver implements Processor {

    @Override
    public void process(Exchange exchange) {
        Map<?, ?> job = exchange.getIn().getHeader(PixHeaders.JOB_ROW, Map.class);
        Object url = job == null ? null : job.get("webhook_url");
        exchange.getIn().setHeader(PixHeaders.WEBHOOK_RECEIVER, url == null ? null : of(url.toString()));
    }

    public static String of(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return AddressPolicy.normalize(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }
}
