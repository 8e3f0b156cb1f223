package io.pixtools.processors.options;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The validated parameters of one operation of a job. They travel on the queue as JSON tagged with their kind
 * ({@code "type": "convert" | "denoise" | "metadata"}); each record also names its operation, so a worker reads back
 * exactly what intake accepted without parsing the request again.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ConvertOptions.class, name = "convert"),
    @JsonSubTypes.Type(value = DenoiseOptions.class, name = "denoise"),
    @JsonSubTypes.Type(value = MetadataOptions.class, name = "metadata")
})
public sealed interface OperationOptions permits ConvertOptions, MetadataOptions, DenoiseOptions {

    Operation operation();
}
