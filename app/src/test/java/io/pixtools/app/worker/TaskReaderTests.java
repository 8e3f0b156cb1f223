package io.pixtools.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.Fit;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.options.ResizeOptions;
import io.pixtools.processors.task.OperationTask;
import org.junit.jupiter.api.Test;

/** A worker reads the typed task dispatch writes, and still reads a task queued by the version before typed options. */
class TaskReaderTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OperationParamsParser parser = new OperationParamsParser(16384);
    private final TaskReader reader = new TaskReader(JSON, parser);

    @Test
    void readsTheTypedOptionsAsDispatchWroteThem() throws Exception {
        OperationTask task = new OperationTask(
                "job-1",
                parser.parse(Operation.DENOISE, JSON.readTree("{\"strength\": 0.5, \"format\": \"webp\"}")),
                "jobs/job-1/original.png",
                "a.png",
                2);
        assertThat(reader.read(JSON.writeValueAsString(task))).isEqualTo(task);
    }

    @Test
    void readsATaskQueuedWithRawParametersByThePreviousVersion() throws Exception {
        String old = """
                {"job_id": "job-2", "operation": "webp", "params": {"quality": 61, "resize": {"width": 640}},
                 "source_key": "jobs/job-2/original.jpg", "source_name": "b.jpg", "operation_count": 3}""";
        OperationTask task = reader.read(old);
        assertThat(task.jobId()).isEqualTo("job-2");
        assertThat(task.sourceKey()).isEqualTo("jobs/job-2/original.jpg");
        assertThat(task.sourceName()).isEqualTo("b.jpg");
        assertThat(task.operationCount()).isEqualTo(3);
        assertThat(task.options(ConvertOptions.class))
                .isEqualTo(new ConvertOptions(
                        Operation.WEBP,
                        61,
                        false,
                        4,
                        0,
                        false,
                        false,
                        true,
                        new ResizeOptions(640, null, Fit.INSIDE, false)));
    }

    @Test
    void readsAnOldTaskWithoutParametersWithTheDefaults() throws Exception {
        OperationTask task = reader.read("""
                {"job_id": "job-3", "operation": "denoise", "params": null, "source_key": "k", "source_name": "c.jpg",
                 "operation_count": 1}""");
        assertThat(task.options(DenoiseOptions.class).strength()).isEqualTo(1.0);
    }
}
