package io.pixtools.processors.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.MetadataOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationOptions;
import io.pixtools.processors.options.OperationParamsParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The queued task carries the options intake parsed, and reads back from JSON exactly as they were. */
class OperationTaskTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OperationParamsParser parser = new OperationParamsParser(16384);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
        jpg      | {"quality": 70, "progressive": true, "resize": {"width": 300}}
        png      | {"compression": 9, "palette": true, "strip": false, "fail_on": "none"}
        webp     | {"lossless": true, "effort": 6, "resize": {"width": 64, "height": 48, "fit": "cover", "enlarge": true}}
        avif     | {}
        metadata | {}
        denoise  | {"strength": 0.25, "format": "avif", "resize": {"height": 100}, "fail_on": "truncated"}
        """)
    void typedOptionsSurviveTheQueue(String operation, String params) throws Exception {
        OperationOptions options = parser.parse(Operation.fromId(operation).orElseThrow(), JSON.readTree(params));
        OperationTask task = new OperationTask("job-1", options, "jobs/job-1/original.jpg", "photo.jpg", 3);

        String queued = JSON.writeValueAsString(task);
        OperationTask read = JSON.readValue(queued, OperationTask.class);

        assertThat(read).isEqualTo(task);
        assertThat(read.options()).isInstanceOf(options.getClass());
        assertThat(JSON.readTree(queued).path("operation").asText()).isEqualTo(operation);
    }

    @Test
    void aWorkerGetsTheKindOfOptionsItHandlesOrAClearError() {
        OperationTask webp = new OperationTask("job-1", parser.parse(Operation.WEBP, null), "k", "n", 1);
        assertThat(webp.options(ConvertOptions.class).quality()).isEqualTo(80);
        assertThatThrownBy(() -> webp.options(DenoiseOptions.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job-1/webp carries ConvertOptions, not DenoiseOptions");
    }

    @Test
    void optionsMustBelongToTheTasksOperation() {
        assertThatThrownBy(() -> new OperationTask("job-1", "jpg", new MetadataOptions(), "k", "n", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
