package io.pixtools.app.observe;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.pixtools.app.ApiClient;
import io.pixtools.app.CapturedSpans;
import io.pixtools.app.PixToolsApplication;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** One trace follows a job from intake through the queue to the worker and the bundle. */
@SpringBootTest(
        classes = PixToolsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pixtools.data-dir=target/test-data/${random.uuid}", "camel.opentelemetry.enabled=true"})
@Import(CapturedSpans.class)
class TracingTests {

    @LocalServerPort
    int port;

    @Test
    void intakeQueueAndWorkerShareOneTrace() {
        CapturedSpans.SPANS.reset();
        ApiClient api = new ApiClient(port);
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"metadata\"]");
        api.awaitFinished(jobId);

        List<SpanData> convert = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> CapturedSpans.SPANS.getFinishedSpanItems().stream()
                                .filter(s -> s.getName().contains("pixtools-standard"))
                                .toList(),
                        spans -> spans.size() >= 2);
        Set<String> traces = convert.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
        List<SpanData> intake = CapturedSpans.SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getName().contains("intake") || s.getName().contains("process"))
                .toList();

        assertThat(intake).isNotEmpty();
        assertThat(traces)
                .as("both operations continue the intake's trace")
                .hasSize(1)
                .containsAnyElementsOf(intake.stream().map(SpanData::getTraceId).toList());
    }
}
