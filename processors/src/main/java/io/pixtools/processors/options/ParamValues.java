package io.pixtools.processors.options;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The values of declared parameters after validation, with defaults filled in; null where absent without a default. */
public final class ParamValues {

    private final Map<String, Object> values;

    ParamValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new HashMap<>(values));
    }

    /** The value of {@code param}, which must be one of the parameters these values were read for. */
    public <T> T get(Param<T> param) {
        if (!values.containsKey(param.name())) {
            throw new IllegalArgumentException(param.name() + " was not declared for these values");
        }
        return param.type().cast(values.get(param.name()));
    }
}
