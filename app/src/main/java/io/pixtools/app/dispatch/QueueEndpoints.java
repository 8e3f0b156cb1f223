package io.pixtools.app.dispatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.springframework.stereotype.Component;

/**
 * The endpoint behind each {@code pixtools.endpoints.*} key (a SEDA queue on the embedded default, a RabbitMQ one in
 * the distributed profile), resolved once: looking one up parses its URI and searches the configuration, which the
 * intake did for every job.
 */
@Component
public class QueueEndpoints {

    private final CamelContext camel;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public QueueEndpoints(CamelContext camel) {
        this.camel = camel;
    }

    /** The endpoint of {@code pixtools.endpoints.<key>}, for example "standard-queue". */
    public Endpoint of(String key) {
        return endpoints.computeIfAbsent(
                key, k -> camel.getEndpoint(camel.resolvePropertyPlaceholders("{{pixtools.endpoints." + k + "}}")));
    }
}
