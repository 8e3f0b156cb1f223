package io.pixtools.app.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pixtools.app.config.PixToolsProperties;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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

    public WebhookDispatcher(PixToolsProperties properties, WebhookBreakers breakers) {
        this.settings = properties.webhooks();
        this.breakers = breakers;
    }

    public String holder() {
        return holder;
    }

    /** The size of this round's read. */
    public void poll(Exchange exchange) {
        Message in = exchange.getIn();
        in.setHeader(PixHeaders.WEBHOOK_BATCH, Math.max(1, settings.concurrency() - total.get()) * 4);
        in.setHeader(PixHeaders.WEBHOOK_PER_RECEIVER, settings.perReceiverConcurrency());
    }

    /** Of the due deliveries read, those that get a thread and their receiver's permission now. */
    public List<Map<String, Object>> select(List<Map<String, Object>> due) {
        List<Map<String, Object>> chosen = new ArrayList<>();
        for (Map<String, Object> delivery : due) {
            String receiver = String.valueOf(delivery.get("receiver"));
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

    /** One chosen delivery: the headers of its claim. */
    public void claim(Exchange exchange) {
        Map<?, ?> delivery = exchange.getIn().getBody(Map.class);
        Message in = exchange.getIn();
        in.setHeader(PixHeaders.JOB_ID, delivery.get("job_id"));
        in.setHeader(PixHeaders.WEBHOOK_RECEIVER, delivery.get("receiver"));
        in.setHeader(PixHeaders.WEBHOOK_ATTEMPT, ((Number) delivery.get("attempts")).intValue());
        in.setHeader(PixHeaders.LEASE_HOLDER, holder);
        in.setHeader(PixHeaders.LEASE_UNTIL, OffsetDateTime.now(ZoneOffset.UTC)
                .plus(settings.connectTimeout()).plus(settings.readTimeout()).plusSeconds(60));
    }

    /** Another process claimed it first: give back the thread and the breaker's permission. */
    public void notClaimed(Exchange exchange) {
        String receiver = exchange.getIn().getHeader(PixHeaders.WEBHOOK_RECEIVER, String.class);
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
