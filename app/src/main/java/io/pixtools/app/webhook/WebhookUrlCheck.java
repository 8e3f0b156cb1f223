package io.pixtools.app.webhook;

import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.JobRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Intake step: a webhook URL must name a host that resolves, and only to addresses the policy permits; otherwise
 * the request is refused with a 422 before anything is stored. Delivery checks again (see {@link GuardedDnsResolver}).
 */
@Component("webhookUrlCheck")
public class WebhookUrlCheck implements Processor {

    private static final String FIELD = "webhook_url";

    private final HostResolver resolver;
    private final AddressPolicy policy;

    public WebhookUrlCheck(HostResolver resolver, AddressPolicy policy) {
        this.resolver = resolver;
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) {
        JobRequest request = exchange.getProperty(PixHeaders.REQUEST, JobRequest.class);
        if (request != null && request.webhookUrl() != null) {
            check(request.webhookUrl());
        }
    }

    void check(String url) {
        String host = URI.create(url).getHost();
        if (policy.isAllowListed(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(AddressPolicy.normalize(host));
        } catch (UnknownHostException e) {
            throw new InvalidOptionsException(FIELD, "host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            String refusal = AddressPolicy.refusal(address);
            if (refusal != null) {
                throw new InvalidOptionsException(
                        FIELD,
                        "host " + host + " resolves to a " + refusal + " address (" + address.getHostAddress()
                                + "); webhooks may only call public addresses");
            }
        }
    }
}
