package io.pixtools.processors.options;

/** The validated parameters of one operation of a job. */
public sealed interface OperationOptions permits ConvertOptions, MetadataOptions, DenoiseOptions {

    Operation operation();
}
