package io.pixtools.app.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenTelemetry for the Camel routes (camel-opentelemetry): spans for intake, the queues and the workers, with the
 * trace context carried in message headers (W3C traceparent), so one trace follows a job across processes.
 * Nothing is exported unless configured with the standard variables, for example
 * {@code OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318}; without an exporter Camel's
 * tracing is off unless {@code CAMEL_OPENTELEMETRY_ENABLED=true} ({@code DefaultsEnvironmentPostProcessor}).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    OpenTelemetry openTelemetry() {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "pixtools",
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .addPropertiesCustomizer(TracingConfiguration::recordOnlyWhatIsExported)
                .build()
                .getOpenTelemetrySdk();
    }

    /**
     * With no exporter, a span that starts a trace is not recorded: its context still travels (and names the trace in
     * the logs), but nothing builds spans that nobody reads (1.7 % of the CPU of a run of small jobs). A trace
     * that arrives sampled from another process is still recorded.
     */
    static Map<String, String> recordOnlyWhatIsExported(ConfigProperties config) {
        if (!"none".equals(config.getString("otel.traces.exporter"))) {
            return Map.of();
        }
        return Map.of("otel.traces.sampler", "parentbased_always_off");
    }

    @Bean
    Tracer tracer(OpenTelemetry openTelemetry) {
        return openTelemetry.getTracer("io.pixtools");
    }

    @Bean
    ContextPropagators contextPropagators(OpenTelemetry openTelemetry) {
        return openTelemetry.getPropagators();
    }
}
