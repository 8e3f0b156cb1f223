package io.pixtools.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The routes make spans only when an exporter takes them. */
class RouteTracingDefaultTests {

    @Test
    void noExporterNoSpans() {
        assertThat(DefaultsEnvironmentPostProcessor.tracesExported(new MockEnvironment()))
                .isFalse();
        assertThat(DefaultsEnvironmentPostProcessor.tracesExported(
                        new MockEnvironment().withProperty("otel.traces.exporter", "none")))
                .isFalse();
        assertThat(DefaultsEnvironmentPostProcessor.tracesExported(
                        new MockEnvironment().withProperty("otel.traces.exporter", " NONE ")))
                .isFalse();
    }

    @Test
    void anExporterTurnsTheRoutesTracingOn() {
        assertThat(DefaultsEnvironmentPostProcessor.tracesExported(
                        new MockEnvironment().withProperty("otel.traces.exporter", "otlp")))
                .isTrue();
        assertThat(DefaultsEnvironmentPostProcessor.tracesExported(
                        new MockEnvironment().withProperty("otel.traces.exporter", "logging,otlp")))
                .isTrue();
    }
}
