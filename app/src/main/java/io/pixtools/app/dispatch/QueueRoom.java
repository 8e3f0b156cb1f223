package io.pixtools.app.dispatch;

import io.pixtools.processors.task.OperationTask;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.stereotype.Component;

/**
 * Before dispatch sends anything: on the in-JVM queues, a job goes in whole or not at all. If the queues lack room for
 * all of its messages, none is sent and the intake answers 503 at once (rather than queueing part of a job it then
 * undoes).
 * A broker's queues have no such limit; there this step does nothing.
 */
@Component("queueRoom")
public class QueueRoom implements Processor {

    private final QueueEndpoints queues;

    public QueueRoom(QueueEndpoints queues) {
        this.queues = queues;
    }

    @Override
    public void process(Exchange exchange) {
        List<?> messages = exchange.getIn().getBody(List.class);
        if (messages == null) {
            return;
        }
        long ml = messages.stream()
                .filter(m -> m instanceof List<?> tasks
                        && tasks.getFirst() instanceof OperationTask task
                        && TasksByWorker.onMlQueue(task))
                .count();
        ensureRoom("ml-queue", ml);
        ensureRoom("standard-queue", messages.size() - ml);
    }

    private void ensureRoom(String key, long needed) {
        if (needed == 0) {
            return;
        }
        if (queues.of(key) instanceof SedaEndpoint seda && seda.getSize() - seda.getCurrentQueueSize() < needed) {
            throw new IllegalStateException("Queue full");
        }
    }
}
