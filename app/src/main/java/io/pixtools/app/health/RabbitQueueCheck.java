package io.pixtools.app.health;

import io.pixtools.app.messaging.RabbitTopology;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The RabbitMQ queues: each must exist on the broker; depth and consumers are reported, dead letters too. */
@Component
@ConditionalOnProperty(name = "pixtools.transport", havingValue = "rabbitmq")
class RabbitQueueCheck implements DependencyCheck {

    private final AmqpAdmin admin;

    RabbitQueueCheck(AmqpAdmin admin) {
        this.admin = admin;
    }

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String check() {
        List<String> details = new ArrayList<>();
        for (String queue : RabbitTopology.QUEUES) {
            QueueInformation info = admin.getQueueInfo(queue);
            QueueInformation dead = admin.getQueueInfo(RabbitTopology.deadLetterQueue(queue));
            if (info == null) {
                throw new IllegalStateException("RabbitMQ queue " + queue + " does not exist");
            }
            details.add(queue + " " + info.getMessageCount() + " queued, " + info.getConsumerCount() + " consumers, "
                    + (dead == null ? 0 : dead.getMessageCount()) + " dead-lettered");
        }
        return String.join("; ", details);
    }
}
