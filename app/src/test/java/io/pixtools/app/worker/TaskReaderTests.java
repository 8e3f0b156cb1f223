package io.pixtools.app.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.Fit;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.options.ResizeOptions;
import io.pixtools.processors.task.OperationTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * A worker reads the typed tasks dispatch writes, one or several of a job in a message, and still reads a task queued
 * by the version before typed options.
 */
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
        assertThat(reader.readAll(JSON.writeValueAsString(task))).containsExactly(task);
    }

    @Test
    void readsATaskQueuedWithRawParametersByThePreviousVersion() throws Exception {
        String old = """
                {"job_id": "job-2", "operation": "webp", "params": {"quality": 61, "resize": {"width": 640}},
                 "source_key": "jobs/job-2/original.jpg", "source_name": "b.jpg", "operation_count": 3}""";
        OperationTask task = reader.readAll(old).getFirst();
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
        OperationTask task = reader.readAll("""
                {"job_id": "job-3", "operation": "denoise", "params": null, "source_key": "k", "source_name": "c.jpg",
                 "operation_count": 1}""").getFirst();
        assertThat(task.options(DenoiseOptions.class).strength()).isEqualTo(1.0);
    }

    @Test
    void readsAllTheTasksOfAMessageInOrder() throws Exception {
        List<OperationTask> tasks = List.of(
                task("job-4", Operation.WEBP, "{\"quality\": 70}"),
                task("job-4", Operation.JPG, "{\"quality\": 90}"),
                task("job-4", Operation.METADATA, "{}"));
        assertThat(reader.readAll(JSON.writeValueAsString(tasks))).isEqualTo(tasks);
    }

    @Test
    void refusesAMessageMixingJobsOrWithoutTasks() throws Exception {
        String mixed = JSON.writeValueAsString(
                List.of(task("job-5", Operation.JPG, "{}"), task("job-6", Operation.PNG, "{}")));
        assertThatThrownBy(() -> reader.readAll(mixed)).hasMessageContaining("more than one job");
        assertThatThrownBy(() -> reader.readAll("[]")).hasMessageContaining("without tasks");
    }

    @Test
    void beginStartsTheOperationInTheSplitBody() {
        OperationTask task = task("job-7", Operation.AVIF, "{}");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(task);
        reader.begin(exchange);
        assertThat(exchange.getProperty(PixHeaders.TASK)).isEqualTo(task);
        assertThat(exchange.getIn().getHeader(PixHeaders.OPERATION)).isEqualTo("avif");
        assertThat(exchange.getProperty(PixHeaders.TASK_STARTED, Long.class)).isNotNull();
        assertThat(exchange.getIn().getBody()).isNull();
    }

    private OperationTask task(String jobId, Operation operation, String params) {
        try {
            return new OperationTask(
                    jobId, parser.parse(operation, JSON.readTree(params)), "jobs/" + jobId + "/o.jpg", "o.jpg", 3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
