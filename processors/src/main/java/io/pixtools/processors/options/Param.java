package io.pixtools.processors.options;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One declared parameter of an operation: its name as clients send it, a description, its type, its default and
 * its allowed values. {@link OperationSchema} declares every parameter once; the parser's checks, the operations
 * catalog, the OpenAPI description and the web page's controls are all read from these declarations.
 *
 * @param <T> the Java type of the value once read
 */
public sealed interface Param<T> permits Param.Int, Param.Decimal, Param.Bool, Param.Choice, Param.Group {

    String name();

    String description();

    /** The value used when the parameter is absent, or null when there is none (or it depends on another parameter). */
    T defaultValue();

    Class<T> type();

    /** A whole number from {@code min} to {@code max}. */
    record Int(String name, String description, int min, int max, Integer defaultValue) implements Param<Integer> {

        public Int {
            if (defaultValue != null && (defaultValue < min || defaultValue > max)) {
                throw new IllegalArgumentException(name + ": default " + defaultValue + " outside " + min + ".." + max);
            }
        }

        @Override
        public Class<Integer> type() {
            return Integer.class;
        }
    }

    /** A number from {@code min} to {@code max}. */
    record Decimal(String name, String description, double min, double max, Double defaultValue)
            implements Param<Double> {

        public Decimal {
            if (defaultValue != null && (defaultValue < min || defaultValue > max)) {
                throw new IllegalArgumentException(name + ": default " + defaultValue + " outside " + min + ".." + max);
            }
        }

        @Override
        public Class<Double> type() {
            return Double.class;
        }
    }

    /** true or false. */
    record Bool(String name, String description, Boolean defaultValue) implements Param<Boolean> {

        public Bool {
            Objects.requireNonNull(defaultValue, name);
        }

        @Override
        public Class<Boolean> type() {
            return Boolean.class;
        }
    }

    /** One of the constants of an enum, sent as its lower-case name. */
    record Choice<E extends Enum<E>>(String name, String description, Class<E> type, E defaultValue)
            implements Param<E> {

        /** The values clients send, in declaration order. */
        public List<String> values() {
            return Arrays.stream(type.getEnumConstants()).map(Choice::id).toList();
        }

        public static String id(Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A nested JSON object of parameters (like {@code resize}), absent by default. Rules across its members that a
     * declaration cannot express are stated in {@code rules} and checked by the parser.
     */
    record Group(String name, String description, List<Param<?>> params, List<String> rules)
            implements Param<ParamValues> {

        public Group {
            params = List.copyOf(params);
            rules = List.copyOf(rules);
        }

        @Override
        public ParamValues defaultValue() {
            return null;
        }

        @Override
        public Class<ParamValues> type() {
            return ParamValues.class;
        }
    }
}
