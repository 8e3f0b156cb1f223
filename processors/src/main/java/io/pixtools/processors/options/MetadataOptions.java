package io.pixtools.processors.options;

/** The metadata operation takes no parameters. */
public record MetadataOptions() implements OperationOptions {

    @Override
    public Operation operation() {
        return Operation.METADATA;
    }
}
