package io.pixtools.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;

/**
 * When Camel shuts down it stops the queue consumers first, and their polling loops end while the routes still count
 * as started. The watch must not take that for dead threads: it used to log an error and start the loops again in
 * the middle of every shutdown.
 */
class QueueConsumerWatchStoppingTests {

    @Test
    void stoppedConsumersAreNotRestarted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (DefaultCamelContext camel = new DefaultCamelContext();
                QueueConsumerWatch watch = new QueueConsumerWatch(camel, meters)) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("seda:stopping-test?concurrentConsumers=2")
                            .routeId("stopping-test")
                            .log("${body}");
                }
            });
            camel.start();
            Route route = camel.getRoute("stopping-test");
            // The consumer's loops start on its thread pool just after the route does.
            await().atMost(Duration.ofSeconds(10)).until(() -> QueueConsumerWatch.liveLoops(route) == 2);
            assertThat(watch.deadConsumers()).isEmpty();

            ServiceHelper.stopService(route.getConsumer());
            await().atMost(Duration.ofSeconds(10)).until(() -> QueueConsumerWatch.liveLoops(route) == 0);
            assertThat(camel.getRouteController()
                            .getRouteStatus("stopping-test")
                            .isStarted())
                    .isTrue();
            watch.replaceDeadConsumers();

            assertThat(meters.find("pixtools.queue.consumer.restarts").counter())
                    .isNull();
            assertThat(watch.deadConsumers()).isEmpty();
            assertThat(QueueConsumerWatch.liveLoops(route)).isZero();
        }
    }
}
