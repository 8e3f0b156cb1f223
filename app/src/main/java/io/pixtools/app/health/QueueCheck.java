package io.pixtools.app.health;

import io.pixtools.app.dispatch.QueueEndpoints;
import io.pixtools.app.worker.QueueConsumerWatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The in-JVM job queues of the embedded default: each consuming route must be running with all its polling threads
 * alive; depths are reported.
 */
@Component
@ConditionalOnProperty(name = "pixtools.transport", havingValue = "seda", matchIfMissing = true)
class QueueCheck implements DependencyCheck {

    private static final List<String> QUEUE_KEYS = List.of("standard-queue", "ml-queue", "results");

    private final CamelContext camel;
    private final QueueConsumerWatch consumers;
    private final QueueEndpoints queues;

    QueueCheck(CamelContext camel, QueueConsumerWatch consumers, QueueEndpoints queues) {
        this.camel = camel;
        this.queues = queues;
        this.consumers = consumers;
    }

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String check() {
        List<String> dead = consumers.deadConsumers();
        if (!dead.isEmpty()) {
            throw new IllegalStateException("queue consumers died (being restarted): " + String.join("; ", dead));
        }
        List<String> details = new ArrayList<>();
        for (String key : QUEUE_KEYS) {
            if (!(queues.of(key) instanceof SedaEndpoint seda)) {
                continue;
            }
            Route consumer = camel.getRoutes().stream()
                    .filter(r -> r.getEndpoint().getEndpointUri().equals(seda.getEndpointUri()))
                    .findFirst()
                    .orElse(null);
            if (consumer != null
                    && !camel.getRouteController()
                            .getRouteStatus(consumer.getRouteId())
                            .isStarted()) {
                throw new IllegalStateException(key + " consumer route " + consumer.getRouteId() + " is not running");
            }
            details.add(key + " " + seda.getCurrentQueueSize() + "/" + seda.getSize());
        }
        return String.join(", ", details);
    }
}
