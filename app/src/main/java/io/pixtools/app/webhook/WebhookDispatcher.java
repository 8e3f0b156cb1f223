package io.pixtools.app.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pixtools.app.jobs.WebhookOutbox;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.processors.PixHeaders;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The steps of one round of the webhook dispatcher, called by the webhook route: read the due deliveries, choose
 * those this process may send now, claim each one in the database, and hand it to the delivery threads. A process
 * sends at most {@code concurrency} deliveries at once and at most {@code per-receiver-concurrency} to one receiver,
 * so a slow receiver occupies a few threads and never starves the others; a receiver whose circuit breaker is open
 * is left for later.
 */
@Component("webhookDispatcher")
public class WebhookDispatcher {

    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final PixToolsProperties.Webhooks settings;
    private final WebhookBreakers breakers;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    private final WebhookOutbox outbox;

    public WebhookDispatcher(PixToolsProperties properties, WebhookBreakers breakers, WebhookOutbox outbox) {
        this.settings = properties.webhooks();
        this.breakers = breakers;
        this.outbox = outbox;
    }

    public String holder() {
        return holder;
    }

    /** This round: the due deliveries that get a thread and their receiver's permission now. */
    public List<WebhookOutbox.Due> poll() {
        int batch = Math.max(1, settings.concurrency() - total.get()) * 4;
        return select(outbox.due(settings.perReceiverConcurrency(), batch));
    }

    List<WebhookOutbox.Due> select(List<WebhookOutbox.Due> due) {
        List<WebhookOutbox.Due> chosen = new ArrayList<>();
        for (WebhookOutbox.Due delivery : due) {
            String receiver = delivery.receiver();
            AtomicInteger receiverCount = inFlight.computeIfAbsent(receiver, r -> new AtomicInteger());
            if (total.get() >= settings.concurrency() || receiverCount.get() >= settings.perReceiverConcurrency()) {
                continue;
            }
            if (!breakers.of(receiver).tryAcquirePermission()) {
                continue;
            }
            total.incrementAndGet();
            receiverCount.incrementAndGet();
            chosen.add(delivery);
        }
        return chosen;
    }

    /**
     * Claims one chosen delivery in the database, for longer than one attempt can take; false when another process
     * claimed it first. The job id goes to the header that correlates the attempt's logs.
     */
    public boolean claim(Exchange exchange) {
        WebhookOutbox.Due delivery = exchange.getIn().getBody(WebhookOutbox.Due.class);
        exchange.getIn().setHeader(PixHeaders.JOB_ID, delivery.jobId());
        return outbox.claim(
                delivery.jobId(),
                holder,
                Instant.now()
                        .plus(settings.connectTimeout())
                        .plus(settings.readTimeout())
                        .plusSeconds(60));
    }

    /** Another process claimed it first: give back the thread and the breaker's permission. */
    public void notClaimed(Exchange exchange) {
        String receiver = exchange.getIn().getBody(WebhookOutbox.Due.class).receiver();
        breakers.of(receiver).releasePermission();
        release(receiver);
    }

    /** A delivery attempt of {@code receiver} is over. */
    void release(String receiver) {
        AtomicInteger receiverCount = inFlight.get(receiver);
        if (receiverCount != null) {
            receiverCount.decrementAndGet();
        }
        total.decrementAndGet();
    }

    CircuitBreaker breaker(String receiver) {
        return breakers.of(receiver);
    }

    java.time.Duration resetTimeout() {
        return breakers.resetTimeout();
    }
}
