package io.pixtools.processors.options;

import java.util.List;

/**
 * One operation as clients see it: its id, a title and a one-line summary for people, what it produces, and the
 * parameters it accepts in {@code operation_params.<id>}, in the order they are documented and shown.
 */
public record OperationSpec(Operation operation, String title, String summary, List<Param<?>> params) {

    public OperationSpec {
        params = List.copyOf(params);
    }

    public String id() {
        return operation.id();
    }
}
