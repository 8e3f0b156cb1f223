package io.pixtools.app.recover;

import io.pixtools.app.dispatch.QueueEndpoints;
import java.util.List;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * How many operation tasks are waiting in the worker queues (not yet taken by a worker): from the in-JVM SEDA queues
 * in the embedded default, from the broker in the distributed profile.
 */
@Component
class WaitingWork {

    private static final List<String> SEDA_KEYS = List.of("standard-queue", "ml-queue");
    private static final List<String> RABBIT_QUEUES = List.of("default_queue", "ml_inference_queue");

    private final QueueEndpoints queues;
    private final ObjectProvider<AmqpAdmin> amqp;
    private final boolean rabbit;

    WaitingWork(QueueEndpoints queues, ObjectProvider<AmqpAdmin> amqp, Environment environment) {
        this.queues = queues;
        this.amqp = amqp;
        this.rabbit = "rabbitmq".equals(environment.getProperty("pixtools.transport", "seda"));
    }

    long tasks() {
        long waiting = 0;
        if (rabbit) {
            AmqpAdmin admin = amqp.getObject();
            for (String queue : RABBIT_QUEUES) {
                QueueInformation info = admin.getQueueInfo(queue);
                waiting += info == null ? 0 : info.getMessageCount();
            }
            return waiting;
        }
        for (String key : SEDA_KEYS) {
            if (queues.of(key) instanceof SedaEndpoint seda) {
                waiting += seda.getCurrentQueueSize();
            }
        }
        return waiting;
    }
}
