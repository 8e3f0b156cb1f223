package io.pixtools.app.messaging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ topology of the distributed profile, declared by every role (so that the API never publishes to a
 * queue that does not exist yet): one durable direct exchange; quorum queues (durable, replicated) with a delivery
 * limit, so that a message that kills the JVM cannot loop forever; for each queue its own dead-letter exchange and
 * quorum dead-letter queue.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixtools.transport", havingValue = "rabbitmq")
public class RabbitTopology {

    public static final List<String> QUEUES = List.of("default_queue", "ml_inference_queue");

    @Bean
    Declarables pixtoolsTopology(
            @Value("${pixtools.rabbit.exchange:pixtools}") String exchangeName,
            @Value("${pixtools.rabbit.delivery-limit:5}") int deliveryLimit) {
        DirectExchange exchange =
                ExchangeBuilder.directExchange(exchangeName).durable(true).build();
        List<Declarable> declarables = new ArrayList<>();
        declarables.add(exchange);
        for (String name : QUEUES) {
            DirectExchange deadLetters = ExchangeBuilder.directExchange(deadLetterExchange(name))
                    .durable(true)
                    .build();
            Queue deadLetterQueue =
                    QueueBuilder.durable(deadLetterQueue(name)).quorum().build();
            Queue queue = QueueBuilder.durable(name)
                    .quorum()
                    .deliveryLimit(deliveryLimit)
                    .deadLetterExchange(deadLetterExchange(name))
                    .deadLetterRoutingKey(deadLetterQueue(name))
                    .build();
            Binding binding = BindingBuilder.bind(queue).to(exchange).with(name);
            Binding deadLetterBinding =
                    BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(deadLetterQueue(name));
            declarables.addAll(List.of(deadLetters, deadLetterQueue, queue, binding, deadLetterBinding));
        }
        return new Declarables(declarables);
    }

    /** Declares at start-up rather than on first use, so that a missing broker shows at once. */
    @Bean
    Object pixtoolsTopologyDeclared(
            AmqpAdmin admin,
            Declarables pixtoolsTopology,
            @Value("${pixtools.rabbit.declare-on-startup:true}") boolean declare) {
        if (declare && admin instanceof org.springframework.amqp.rabbit.core.RabbitAdmin rabbitAdmin) {
            rabbitAdmin.initialize();
        }
        return pixtoolsTopology;
    }

    public static String deadLetterExchange(String queue) {
        return queue + ".dlx";
    }

    public static String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }
}
