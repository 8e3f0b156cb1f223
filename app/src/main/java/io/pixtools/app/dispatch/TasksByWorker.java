package io.pixtools.app.dispatch;

import io.pixtools.processors.options.Operation;
import io.pixtools.processors.task.OperationTask;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Dispatch's first step: one message per job and worker. All of a job's conversions and its metadata go to the
 * standard worker in one message, which marks the job, fetches the original (from S3 in the distributed profile) and
 * reports once for all of them; a denoise goes to the ML worker on its own.
 */
@Component("tasksByWorker")
public class TasksByWorker {

    public List<List<OperationTask>> group(List<OperationTask> tasks) {
        List<List<OperationTask>> messages = new ArrayList<>();
        List<OperationTask> standard = new ArrayList<>();
        for (OperationTask task : tasks) {
            if (onMlQueue(task)) {
                messages.add(List.of(task));
            } else {
                standard.add(task);
            }
        }
        if (!standard.isEmpty()) {
            messages.add(List.copyOf(standard));
        }
        return messages;
    }

    static boolean onMlQueue(OperationTask task) {
        return Operation.DENOISE.id().equals(task.operation());
    }
}
