package io.pixtools.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixtools.app.dispatch.QueueEndpoints;
import io.pixtools.app.worker.QueueConsumerWatch;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The queue check reports the in-JVM queues and passes over an endpoint that is not one (results on direct:). */
class QueueCheckTests {

    @Test
    void reportsTheDepthOfEachInJvmQueueAndSkipsADirectEndpoint() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties endpoints = new Properties();
            endpoints.put("pixtools.endpoints.standard-queue", "seda:standard?size=10");
            endpoints.put("pixtools.endpoints.ml-queue", "seda:ml?size=5");
            endpoints.put("pixtools.endpoints.results", "direct:results");
            camel.getPropertiesComponent().setInitialProperties(endpoints);
            camel.start();
            camel.createProducerTemplate().sendBody("seda:standard?size=10", "a task");

            try (QueueConsumerWatch watch = new QueueConsumerWatch(camel, new SimpleMeterRegistry())) {
                String detail = new QueueCheck(camel, watch, new QueueEndpoints(camel)).check();

                assertThat(detail).isEqualTo("standard-queue 1/10, ml-queue 0/5");
            }
        }
    }
}
