package io.pixtools.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry policy inside a real Camel error handler, as the worker routes use it. */
class OutageRetriesTests {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void anOutageIsRetriedPastMaxRetriesUntilTheDependencyIsBack() throws Exception {
        start(
                new OutageRetries(2, Duration.ofMinutes(10)),
                () -> new RuntimeException(new SQLTransientConnectionException("pool")),
                8);

        assertThat(send().getException()).isNull();
        assertThat(attempts).hasValue(9);
    }

    @Test
    void anyOtherFailureStopsAfterMaxRetries() throws Exception {
        start(new OutageRetries(2, Duration.ofMinutes(10)), () -> new IllegalArgumentException("a bug"), 8);

        assertThat(send().getException()).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anOutageStopsBeingRetriedWhenPatienceRunsOut() {
        OutageRetries retries = new OutageRetries(2, Duration.ofMinutes(10));
        Exchange exchange = new DefaultExchange(camel);
        exchange.setException(new SQLTransientConnectionException("pool"));
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 50);
        assertThat(retries.retry(exchange)).isTrue();

        exchange.setProperty(
                OutageRetries.FIRST_FAILURE,
                System.nanoTime() - Duration.ofMinutes(11).toNanos());
        assertThat(retries.retry(exchange)).isFalse();
    }

    /** A route whose first {@code failures} attempts throw. */
    private void start(OutageRetries retries, Supplier<Exception> failure, int failures) throws Exception {
        camel.getRegistry().bind("outageRetries", retries);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class)
                        .retryWhile(method("outageRetries", "retry"))
                        .redeliveryDelay(1);
                from("direct:step").process(exchange -> {
                    if (attempts.incrementAndGet() <= failures) {
                        throw failure.get();
                    }
                });
            }
        });
        camel.start();
    }

    private Exchange send() {
        ProducerTemplate producer = camel.createProducerTemplate();
        return producer.send("direct:step", e -> {});
    }
}
