package io.pixtools.app.api;

import com.fasterxml.jackson.databind.JavaType;
import io.pixtools.processors.options.OperationSchema;
import io.pixtools.processors.options.OperationSpec;
import io.pixtools.processors.options.Param;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Writes the {@link OperationSchema} into the OpenAPI description: when Camel's generator reads {@link ProcessForm},
 * its {@code operation_params} becomes an object with one schema per operation ({@code JpgParams}, ...,
 * {@code DenoiseParams}, and {@code ResizeParams}) listing every parameter's type, default, range or allowed values
 * and description, and {@code operations} lists every operation. Camel reads models through swagger-core's global
 * {@link ModelConverters}, so this converter is registered there, ahead of Camel's own, once per schema.
 */
@Component
class OperationParamsOpenApi implements ModelConverter {

    static final String CAMEL_CONVERTERS = "org.apache.camel.openapi.RestModelConverters";

    private final OperationSchema schema;

    OperationParamsOpenApi(OperationSchema schema) {
        this.schema = schema;
        register(this);
    }

    /** Puts {@code converter} first in both of swagger-core's converter lists, replacing one of an earlier context. */
    private static synchronized void register(OperationParamsOpenApi converter) {
        try {
            // Camel adds its converter when this class initialises; ours must come after, so that it runs first.
            Class.forName(CAMEL_CONVERTERS, true, OperationParamsOpenApi.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("camel-openapi-java is missing", e);
        }
        for (ModelConverters converters : List.of(ModelConverters.getInstance(), ModelConverters.getInstance(true))) {
            List.copyOf(converters.getConverters()).stream()
                    .filter(OperationParamsOpenApi.class::isInstance)
                    .forEach(converters::removeConverter);
            converters.addConverter(converter);
        }
    }

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved != null && rawClass(type) == ProcessForm.class) {
            Schema<?> form = resolved.get$ref() == null
                    ? resolved
                    : context.getDefinedModels().get(ProcessForm.NAME);
            if (form != null && form.getProperties() != null) {
                describe(form, context);
            }
        }
        return resolved;
    }

    private void describe(Schema<?> form, ModelConverterContext context) {
        List<String> ids = schema.operations().stream().map(OperationSpec::id).toList();
        Schema<?> operations = form.getProperties().get("operations");
        if (operations != null) {
            operations.setDescription("JSON array of operations: " + String.join(", ", ids)
                    + ". Each one's parameters go in operation_params under its id.");
        }
        context.defineModel("ResizeParams", group(schema.resize()));
        Map<String, Schema> byOperation = new LinkedHashMap<>();
        for (OperationSpec spec : schema.operations()) {
            String name = modelName(spec);
            Schema<Object> params = object(spec.summary(), spec.params());
            params.setTitle(spec.title());
            context.defineModel(name, params);
            byOperation.put(spec.id(), ref(name));
        }
        Schema<Object> params = typed(new Schema<>(), "object");
        params.setDescription("JSON object keyed by operation (only operations requested in `operations`): the "
                + "parameters of each, all optional. A parameter left out takes its default.");
        params.setProperties(byOperation);
        params.setAdditionalProperties(false);
        params.setExample(
                form.getProperties().get("operation_params") == null
                        ? null
                        : form.getProperties().get("operation_params").getExample());
        form.getProperties().put("operation_params", params);
    }

    static String modelName(OperationSpec spec) {
        return spec.id().substring(0, 1).toUpperCase(Locale.ROOT) + spec.id().substring(1) + "Params";
    }

    private Schema<Object> object(String description, List<Param<?>> members) {
        Schema<Object> object = typed(new Schema<>(), "object");
        object.setDescription(description);
        Map<String, Schema> properties = new LinkedHashMap<>();
        for (Param<?> member : members) {
            properties.put(member.name(), member instanceof Param.Group ? ref("ResizeParams") : property(member));
        }
        object.setProperties(properties);
        object.setAdditionalProperties(false);
        return object;
    }

    private Schema<Object> group(Param.Group group) {
        return object(group.description() + " Rules: " + String.join("; ", group.rules()) + ".", group.params());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema<?> property(Param<?> param) {
        Schema property = new Schema<>();
        property.setDescription(param.description());
        switch (param) {
            case Param.Int p -> {
                typed(property, "integer");
                property.setMinimum(BigDecimal.valueOf(p.min()));
                property.setMaximum(BigDecimal.valueOf(p.max()));
            }
            case Param.Decimal p -> {
                typed(property, "number");
                property.setMinimum(BigDecimal.valueOf(p.min()));
                property.setMaximum(BigDecimal.valueOf(p.max()));
            }
            case Param.Bool p -> typed(property, "boolean");
            case Param.Choice<?> p -> {
                typed(property, "string");
                property.setEnum(new ArrayList<>(p.values()));
            }
            case Param.Group p -> throw new IllegalArgumentException("a group is a model of its own: " + p.name());
        }
        Object fallback = param.defaultValue();
        if (fallback != null) {
            property.setDefault(fallback instanceof Enum<?> constant ? Param.Choice.id(constant) : fallback);
        }
        return property;
    }

    private static <S extends Schema<?>> S typed(S schema, String type) {
        schema.setType(type);
        schema.setTypes(Set.of(type));
        return schema;
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private static Class<?> rawClass(AnnotatedType type) {
        if (type.getType() instanceof Class<?> c) {
            return c;
        }
        JavaType javaType = Json.mapper().constructType(type.getType());
        return javaType.getRawClass();
    }
}
