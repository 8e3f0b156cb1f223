package io.pixtools.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.jobs.JobOutput;
import io.pixtools.processors.PixHeaders;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The outputs of a message's operations are gathered across the split's exchanges (which share the holder with the
 * message's exchange) and are all there after it, once per operation.
 */
class MessageOutputsTests {

    private final MessageOutputs outputs = new MessageOutputs();

    @Test
    void gathersTheOutputOfEveryOperationOfTheSplitOncePerOperation() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:message")
                            .process(MessageOutputs::open)
                            .split(body())
                            .process(exchange -> exchange.setProperty(PixHeaders.OUTPUT, output(exchange)))
                            .bean(outputs, "gather")
                            .end()
                            .bean(outputs, "gathered");
                }
            });
            camel.start();

            Exchange done = camel.createProducerTemplate()
                    .request("direct:message", e -> e.getIn().setBody(List.of("jpg", "webp", "jpg")));

            assertThat(done.getException()).isNull();
            assertThat(done.getProperty(PixHeaders.OUTPUTS, List.class))
                    .extracting(o -> ((JobOutput) o).operation())
                    .containsExactly("jpg", "webp");
            assertThat(MessageOutputs.gatheredList(done))
                    .as("what was gathered stays, for a retried step that records it")
                    .hasSize(2);
        }
    }

    @Test
    void aMessageThatFailedBeforeItsFirstOperationHasGatheredNothing() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());

        assertThat(MessageOutputs.gatheredList(exchange)).isEmpty();
    }

    private static JobOutput output(Exchange exchange) {
        String operation = exchange.getIn().getBody(String.class);
        return JobOutput.completed(operation, "jobs/j/" + operation, "image/" + operation, 1L, 1, 1);
    }
}
