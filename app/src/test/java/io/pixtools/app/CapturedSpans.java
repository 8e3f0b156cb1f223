package io.pixtools.app;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Keeps every span the application finishes in memory, with W3C trace context in message headers. */
@TestConfiguration
public class CapturedSpans {

    public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @Bean
    @Primary
    Tracer capturingTracer() {
        return SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                .build()
                .get("test");
    }

    @Bean
    @Primary
    ContextPropagators w3cPropagators() {
        return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
    }
}
