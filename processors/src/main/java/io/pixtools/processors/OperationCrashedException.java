package io.pixtools.processors;

/**
 * A step died with a JVM {@link Error} (out of memory, stack overflow) rather than an exception. It is turned into
 * this exception so that the route's error handling records the failure and the consumer thread lives on.
 */
public class OperationCrashedException extends PixToolsException {

    public OperationCrashedException(Error cause) {
        super(
                500,
                "internal_error",
                null,
                "the operation ran out of resources (" + cause.getClass().getSimpleName()
                        + "); the input may be too large or too complex",
                cause);
    }
}
