package io.pixtools.app.worker;

import io.pixtools.app.jobs.JobOutput;
import io.pixtools.processors.PixHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The outputs of a task message's operations, gathered while the split runs them and recorded together afterwards:
 * one transaction per message instead of one per operation. The holder is a property of the message's exchange, which
 * the split's exchanges share (Camel copies properties by reference); it is keyed by operation, so an operation that
 * runs again replaces its output. A failure records what was gathered with it (OperationFailure), so that what an
 * operation completed is recorded even when the message ends in a failure.
 */
@Component("messageOutputs")
public class MessageOutputs {

    /** A message's first step: an empty holder, unless a retried step comes back with one. */
    static void open(Exchange exchange) {
        if (exchange.getProperty(PixHeaders.MESSAGE_OUTPUTS) == null) {
            exchange.setProperty(PixHeaders.MESSAGE_OUTPUTS, new LinkedHashMap<String, JobOutput>());
        }
    }

    /** An operation's output, stored in the object store, joins the message's. */
    public void gather(Exchange exchange) {
        JobOutput output = exchange.getProperty(PixHeaders.OUTPUT, JobOutput.class);
        Map<String, JobOutput> holder = holder(exchange);
        if (holder == null) {
            throw new IllegalStateException("an output outside a task message");
        }
        holder.put(output.operation(), output);
    }

    /** Sets {@code PixOutputs} to the outputs gathered so far. */
    public void gathered(Exchange exchange) {
        exchange.setProperty(PixHeaders.OUTPUTS, gatheredList(exchange));
    }

    /**
     * The outputs gathered so far, in a new list (none when the message failed before its first operation). They stay
     * gathered: a step that records them and is retried finds them all again, and recording an output twice is
     * harmless.
     */
    static List<JobOutput> gatheredList(Exchange exchange) {
        Map<String, JobOutput> holder = holder(exchange);
        return holder == null ? new ArrayList<>() : new ArrayList<>(holder.values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, JobOutput> holder(Exchange exchange) {
        return exchange.getProperty(PixHeaders.MESSAGE_OUTPUTS, Map.class);
    }
}
