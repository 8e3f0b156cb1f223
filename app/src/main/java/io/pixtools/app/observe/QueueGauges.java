package io.pixtools.app.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.dispatch.QueueEndpoints;
import io.pixtools.app.messaging.RabbitTopology;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queue depth, consumers and dead letters per queue, read when scraped: from the in-JVM SEDA queues in the embedded
 * default, from the broker in the distributed profile.
 */
@Component
class QueueGauges {

    private static final List<String> SEDA_KEYS =
            List.of("standard-queue", "ml-queue", "results", "webhook-deliveries");

    private final MeterRegistry meters;
    private final QueueEndpoints queues;
    private final ObjectProvider<AmqpAdmin> amqp;
    private final String transport;

    QueueGauges(
            MeterRegistry meters,
            QueueEndpoints queues,
            ObjectProvider<AmqpAdmin> amqp,
            org.springframework.core.env.Environment environment) {
        this.meters = meters;
        this.queues = queues;
        this.amqp = amqp;
        this.transport = environment.getProperty("pixtools.transport", "seda");
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        if ("rabbitmq".equals(transport)) {
            AmqpAdmin admin = amqp.getObject();
            for (String queue : RabbitTopology.QUEUES) {
                gauge("pixtools.queue.depth", queue, admin, a -> count(a.getQueueInfo(queue), false));
                gauge("pixtools.queue.consumers", queue, admin, a -> count(a.getQueueInfo(queue), true));
                gauge(
                        "pixtools.queue.dead.letters",
                        queue,
                        admin,
                        a -> count(a.getQueueInfo(RabbitTopology.deadLetterQueue(queue)), false));
            }
            return;
        }
        for (String key : SEDA_KEYS) {
            if (queues.of(key) instanceof SedaEndpoint seda) {
                gauge("pixtools.queue.depth", key, seda, SedaEndpoint::getCurrentQueueSize);
                gauge(
                        "pixtools.queue.consumers",
                        key,
                        seda,
                        s -> s.getConsumers().size());
                gauge("pixtools.queue.dead.letters", key, seda, s -> 0);
            }
        }
    }

    private <T> void gauge(String name, String queue, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).tag("queue", queue).register(meters);
    }

    private static double count(QueueInformation info, boolean consumers) {
        if (info == null) {
            return Double.NaN;
        }
        return consumers ? info.getConsumerCount() : info.getMessageCount();
    }
}
