package io.pixtools.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.ExpressionAdapter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A SEDA polling thread that dies is noticed and replaced. The queue here is a test route's, whose step throws an
 * Error outside the ErrorGuard (an expression of its own, not a process step), so that the thread really dies.
 */
@PixToolsApplicationTest
class QueueConsumerWatchTests {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    MeterRegistry meters;

    @Test
    void aDeadQueueConsumerTurnsHealthDownAndIsRestarted() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:watch-test?concurrentConsumers=1")
                        .routeId("watch-test")
                        .choice()
                        .when(body().isEqualTo("poison"))
                        .setBody(new ExpressionAdapter() {
                            @Override
                            public Object evaluate(Exchange exchange) {
                                throw new SimulatedCrash();
                            }
                        })
                        .end()
                        .to("mock:watch-test");
            }
        });
        ApiClient api = new ApiClient(port);
        // The dying thread's error must reach neither the test runner's handler nor Awaitility's (which would rethrow
        // it).
        Thread.UncaughtExceptionHandler runners = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {});
        try {
            producer.sendBody("seda:watch-test", "poison");
            awaitDeathAndRestart(api);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(runners);
        }
        MockEndpoint after = camel.getEndpoint("mock:watch-test", MockEndpoint.class);
        after.expectedBodiesReceived("fine");
        producer.sendBody("seda:watch-test", "fine");
        after.assertIsSatisfied(10_000);
        // The exchange whose thread died never completes: forget it, or shutting down would wait for it.
        camel.getInflightRepository().removeRoute("watch-test");
        camel.getRouteController().stopRoute("watch-test");
        camel.removeRoute("watch-test");
    }

    private void awaitDeathAndRestart(ApiClient api) {

        // Health is DOWN from the death until the watch's next round (at most a few seconds) replaces the thread.
        AtomicReference<String> down = new AtomicReference<>();
        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    var health = api.get("/api/health");
                    if (health.getStatusCode().value() == 503) {
                        down.compareAndSet(
                                null,
                                health.getBody()
                                        .path("checks")
                                        .path("queue")
                                        .path("error")
                                        .asText());
                    }
                    return meters.counter("pixtools.queue.consumer.restarts", "route", "watch-test")
                                    .count()
                            >= 1;
                });
        if (down.get() != null) {
            assertThat(down.get()).contains("watch-test: 0/1 polling threads alive");
        }
        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/api/health").getStatusCode().value() == 200);
    }

    /** An Error no step catches, as an OutOfMemoryError would be. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash of a queue thread");
        }
    }
}
