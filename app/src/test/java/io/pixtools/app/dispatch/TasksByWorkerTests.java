package io.pixtools.app.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.task.OperationTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dispatch sends a job's standard operations in one message and each denoise in its own. */
class TasksByWorkerTests {

    private final OperationParamsParser parser = new OperationParamsParser(16384);
    private final TasksByWorker byWorker = new TasksByWorker();

    @Test
    void standardOperationsTravelTogetherAndDenoiseAlone() {
        OperationTask jpg = task(Operation.JPG);
        OperationTask denoise = task(Operation.DENOISE);
        OperationTask webp = task(Operation.WEBP);
        OperationTask metadata = task(Operation.METADATA);

        assertThat(byWorker.group(List.of(jpg, denoise, webp, metadata)))
                .containsExactly(List.of(denoise), List.of(jpg, webp, metadata));
        assertThat(byWorker.group(List.of(webp))).containsExactly(List.of(webp));
        assertThat(byWorker.group(List.of(denoise))).containsExactly(List.of(denoise));
        assertThat(byWorker.group(List.of())).isEmpty();
    }

    private OperationTask task(Operation operation) {
        return new OperationTask("job-1", parser.parse(operation, null), "jobs/job-1/original.jpg", "a.jpg", 4);
    }
}
