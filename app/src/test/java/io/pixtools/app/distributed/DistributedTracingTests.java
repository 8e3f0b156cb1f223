package io.pixtools.app.distributed;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pixtools.app.ApiClient;
import io.pixtools.app.CapturedSpans;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** Through RabbitMQ too, the trace context travels in the message headers: the worker continues the intake's trace. */
@Import(CapturedSpans.class)
@TestPropertySource(properties = "camel.opentelemetry.enabled=true")
class DistributedTracingTests extends DistributedApplicationTest {

    @LocalServerPort
    int port;

    @Test
    void theWorkerContinuesTheIntakesTraceAcrossRabbitMq() {
        CapturedSpans.SPANS.reset();
        ApiClient api = new ApiClient(port);
        String jobId = api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\",\"metadata\"]")
                .key(UUID.randomUUID().toString())
                .send()
                .getBody()
                .path("job_id")
                .asText();
        api.awaitFinished(jobId);

        String intakeTrace = CapturedSpans.SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("process"))
                .map(SpanData::getTraceId)
                .findFirst()
                .orElseThrow();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> spans = CapturedSpans.SPANS.getFinishedSpanItems();
            List<SpanData> inTrace = spans.stream()
                    .filter(s -> s.getTraceId().equals(intakeTrace))
                    .toList();
            String described = spans.stream()
                    .map(s -> s.getName() + "/" + s.getKind() + "/" + s.getTraceId()
                            + s.getAttributes().asMap())
                    .toList()
                    .toString();
            assertThat(inTrace.stream()
                            .filter(s -> s.getKind() == SpanKind.CONSUMER
                                    && String.valueOf(s.getAttributes().asMap()).contains("default_queue"))
                            .toList())
                    .as("the job's message consumed from default_queue within the intake's trace; spans: %s", described)
                    .hasSize(1);
            assertThat(inTrace.stream()
                            .filter(s -> s.getKind() == SpanKind.INTERNAL
                                    && s.getName().equals("worker-store"))
                            .toList())
                    .as("both operations stored within the intake's trace; spans: %s", described)
                    .hasSize(2);
        });
    }
}
