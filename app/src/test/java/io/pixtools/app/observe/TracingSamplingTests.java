package io.pixtools.app.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without an exporter, spans that start a trace are not recorded, but their context still travels. */
class TracingSamplingTests {

    private final OpenTelemetry openTelemetry = new TracingConfiguration().openTelemetry();

    @Test
    void aTraceStartedHereIsNotRecordedWithoutAnExporterButHasAContext() {
        Span span = openTelemetry.getTracer("test").spanBuilder("intake").startSpan();

        assertThat(span.isRecording()).isFalse();
        assertThat(span.getSpanContext().isValid()).isTrue();
        span.end();
    }

    @Test
    void aSampledTraceFromAnotherProcessIsStillRecorded() {
        SpanContext remote = SpanContext.createFromRemoteParent(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        Span span = openTelemetry
                .getTracer("test")
                .spanBuilder("worker")
                .setParent(Context.root().with(Span.wrap(remote)))
                .startSpan();

        assertThat(span.isRecording()).isTrue();
        assertThat(span.getSpanContext().getTraceId()).isEqualTo(remote.getTraceId());
        span.end();
    }

    @Test
    void aConfiguredExporterKeepsTheDefaultSampler() {
        assertThat(TracingConfiguration.recordOnlyWhatIsExported(
                        DefaultConfigProperties.createFromMap(Map.of("otel.traces.exporter", "otlp"))))
                .isEmpty();
        assertThat(TracingConfiguration.recordOnlyWhatIsExported(
                        DefaultConfigProperties.createFromMap(Map.of("otel.traces.exporter", "none"))))
                .containsEntry("otel.traces.sampler", "parentbased_always_off");
    }
}
