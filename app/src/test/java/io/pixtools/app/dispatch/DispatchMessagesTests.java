package io.pixtools.app.dispatch;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.processors.PixHeaders;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What dispatch puts on the in-JVM queues: one message per job and worker, carrying only its tasks and routing headers.
 * Regression: the in-JVM queues pass the intake's exchange on, and a worker read the job's whole task list from the
 * intake's properties instead of its message, so the standard worker ran the denoise and the ML worker the jpg.
 */
@PixToolsApplicationTest
class DispatchMessagesTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    QueueEndpoints queues;

    @Test
    void aJobGoesToEachWorkerInOneMessageWithNothingOfTheIntakeAttached() throws Exception {
        var routes = camel.getRouteController();
        routes.suspendRoute("convert");
        routes.suspendRoute("denoise");
        // A consumer thread already waiting on its queue (for up to the poll timeout, 1 s) would still take a message.
        Thread.sleep(1500);
        String jobId;
        try {
            jobId = new ApiClient(port).submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"denoise\",\"metadata\"]");

            Exchange standard = queued("standard-queue", jobId);
            Exchange ml = queued("ml-queue", jobId);
            assertThat(operations(standard)).containsExactly("jpg", "metadata");
            assertThat(operations(ml)).containsExactly("denoise");
            for (Exchange message : List.of(standard, ml)) {
                assertThat(message.getProperties().keySet()).noneMatch(name -> name.startsWith("Pix"));
                assertThat(message.getIn().getHeader(PixHeaders.JOB_ID)).isEqualTo(jobId);
                assertThat(message.getIn().getHeader(PixHeaders.OPERATION_COUNT))
                        .isEqualTo(3);
            }
        } finally {
            routes.resumeRoute("convert");
            routes.resumeRoute("denoise");
        }

        JsonNode job = new ApiClient(port).awaitFinished(jobId);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("result_urls").properties()).hasSize(3);
    }

    private Exchange queued(String queue, String jobId) {
        SedaEndpoint endpoint = (SedaEndpoint) queues.of(queue);
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> endpoint.getExchanges().stream()
                                .filter(e -> jobId.equals(e.getIn().getHeader(PixHeaders.JOB_ID)))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
    }

    private static List<String> operations(Exchange message) throws Exception {
        JsonNode body = JSON.readTree(message.getIn().getBody(String.class));
        Iterable<JsonNode> tasks = body.isArray() ? body : List.of(body);
        return StreamSupport.stream(tasks.spliterator(), false)
                .map(task -> task.path("operation").asText())
                .toList();
    }
}
