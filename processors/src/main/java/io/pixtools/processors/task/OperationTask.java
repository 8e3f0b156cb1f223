package io.pixtools.processors.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pixtools.processors.options.OperationOptions;
import java.util.Objects;

/**
 * The message from dispatch to a worker: one operation of one job, with the options intake parsed and validated
 * (serialised with Jackson, tagged by kind). Workers read the original from the object store by {@code sourceKey},
 * never from the message, and never parse request parameters again.
 */
public record OperationTask(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("operation") String operation,
        @JsonProperty("options") OperationOptions options,
        @JsonProperty("source_key") String sourceKey,
        @JsonProperty("source_name") String sourceName,
        @JsonProperty("operation_count") int operationCount) {

    public OperationTask {
        Objects.requireNonNull(options, "options");
        if (!options.operation().id().equals(operation)) {
            throw new IllegalArgumentException(
                    "options of " + options.operation().id() + " in a task for " + operation);
        }
    }

    public OperationTask(
            String jobId, OperationOptions options, String sourceKey, String sourceName, int operationCount) {
        this(jobId, options.operation().id(), options, sourceKey, sourceName, operationCount);
    }

    /**
     * The options as the kind {@code type} the worker handles; a task routed to the wrong worker fails here with a
     * message, never with a bare ClassCastException.
     */
    public <O extends OperationOptions> O options(Class<O> type) {
        if (!type.isInstance(options)) {
            throw new IllegalStateException("task " + jobId + "/" + operation + " carries "
                    + options.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(options);
    }
}
