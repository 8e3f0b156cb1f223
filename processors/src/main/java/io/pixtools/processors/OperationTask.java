package io.pixtools.processors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The message from dispatch to a worker: one operation of one job. Workers read the original from the object
 * store by {@code sourceKey}, never from the message.
 */
public record OperationTask(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("operation") String operation,
        @JsonProperty("params") JsonNode params,
        @JsonProperty("source_key") String sourceKey,
        @JsonProperty("source_name") String sourceName,
        @JsonProperty("operation_count") int operationCount) {
}
