package io.pixtools.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.options.OperationSchema;
import io.pixtools.processors.options.OperationSpec;
import io.pixtools.processors.options.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operation schema is declared once ({@link OperationSchema}); this proves that what the parser accepts, what
 * {@code GET /api/operations} lists and what the OpenAPI description documents all agree with it, parameter by
 * parameter (the web page's controls are checked against /api/operations by webui/tests/page.test.mjs).
 */
@PixToolsApplicationTest
class OperationSchemaAgreementTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @LocalServerPort
    int port;

    @Autowired
    OperationSchema schema;

    @Autowired
    OperationParamsParser parser;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** Every declared parameter: its default and both bounds (or every choice) are accepted, one step past is refused. */
    @Test
    void theParserAcceptsExactlyWhatIsDeclared() {
        int checked = 0;
        for (OperationSpec spec : schema.operations()) {
            for (Param<?> param : spec.params()) {
                if (param instanceof Param.Group group) {
                    for (Param<?> member : group.params()) {
                        // A resize needs a side: the members are tried next to a valid width and height.
                        Function<JsonNode, ObjectNode> wrap = value -> {
                            ObjectNode resize =
                                    NODES.objectNode().put("width", 10).put("height", 10);
                            resize.set(member.name(), value);
                            return NODES.objectNode().set(group.name(), resize);
                        };
                        checked += agrees(
                                spec,
                                member,
                                "operation_params." + spec.id() + "." + group.name() + "." + member.name(),
                                wrap);
                    }
                } else {
                    checked += agrees(
                            spec,
                            param,
                            "operation_params." + spec.id() + "." + param.name(),
                            value -> NODES.objectNode().set(param.name(), value));
                }
            }
            String unknown = "operation_params." + spec.id() + ".no_such_parameter";
            refused(spec, NODES.objectNode().put("no_such_parameter", 1), unknown);
        }
        assertThat(checked).as("parameters checked").isGreaterThan(25);
    }

    private int agrees(OperationSpec spec, Param<?> param, String field, Function<JsonNode, ObjectNode> params) {
        List<JsonNode> good = new ArrayList<>();
        List<JsonNode> bad = new ArrayList<>();
        if (param.defaultValue() != null) {
            good.add(new ObjectMapper()
                    .valueToTree(
                            param.defaultValue() instanceof Enum<?> e ? Param.Choice.id(e) : param.defaultValue()));
        }
        switch (param) {
            case Param.Int p -> {
                good.addAll(List.of(NODES.numberNode(p.min()), NODES.numberNode(p.max())));
                bad.addAll(List.of(
                        NODES.numberNode(p.min() - 1),
                        NODES.numberNode(p.max() + 1),
                        NODES.numberNode(p.min() + 0.5),
                        NODES.textNode(String.valueOf(p.min()))));
            }
            case Param.Decimal p -> {
                good.addAll(List.of(NODES.numberNode(p.min()), NODES.numberNode(p.max())));
                bad.addAll(List.of(
                        NODES.numberNode(p.min() - 0.01), NODES.numberNode(p.max() + 0.01), NODES.textNode("1")));
            }
            case Param.Bool p -> {
                good.addAll(List.of(NODES.booleanNode(true), NODES.booleanNode(false)));
                bad.addAll(List.of(NODES.textNode("yes"), NODES.numberNode(1)));
            }
            case Param.Choice<?> p -> {
                p.values().forEach(v -> good.add(NODES.textNode(v)));
                bad.addAll(List.of(
                        NODES.textNode("no-such-" + p.name()),
                        NODES.textNode(p.values().getFirst().toUpperCase())));
            }
            case Param.Group p -> throw new IllegalArgumentException(p.name());
        }
        for (JsonNode value : good) {
            assertThatNoException()
                    .as("%s = %s", field, value)
                    .isThrownBy(() -> parser.parse(spec.operation(), params.apply(value)));
        }
        for (JsonNode value : bad) {
            refused(spec, params.apply(value), field);
        }
        return 1;
    }

    private void refused(OperationSpec spec, ObjectNode params, String field) {
        InvalidOptionsException e =
                catchThrowableOfType(InvalidOptionsException.class, () -> parser.parse(spec.operation(), params));
        assertThat(e).as("%s refuses %s", spec.id(), params).isNotNull();
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.field()).isEqualTo(field);
    }

    /** /api/operations lists every operation and, for each, exactly the declared parameters, in order. */
    @Test
    void theCatalogListsExactlyTheDeclaredParameters() {
        JsonNode operations = api.get("/api/operations").getBody().path("operations");
        assertThat(operations).hasSize(schema.operations().size());
        for (int i = 0; i < operations.size(); i++) {
            OperationSpec spec = schema.operations().get(i);
            JsonNode entry = operations.get(i);
            assertThat(entry.path("id").asText()).isEqualTo(spec.id());
            assertThat(entry.path("title").asText()).isEqualTo(spec.title());
            assertThat(entry.path("content_type").asText())
                    .isEqualTo(spec.operation().contentType());
            assertThat(withoutWords(entry.path("params"))).as(spec.id()).isEqualTo(expected(spec.params(), "params"));
            for (int j = 0; j < spec.params().size(); j++) {
                assertThat(entry.path("params").get(j).path("description").asText())
                        .isEqualTo(spec.params().get(j).description());
            }
        }
    }

    /** The OpenAPI description documents every operation's parameters as declared, denoise included. */
    @Test
    void theOpenApiDescriptionDocumentsExactlyTheDeclaredParameters() {
        JsonNode doc = api.get("/api/openapi.json").getBody();
        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode form = schemas.path("ProcessForm").path("properties");
        assertThat(form.path("operations").path("description").asText())
                .contains(String.join(
                        ", ",
                        schema.operations().stream().map(OperationSpec::id).toList()));
        JsonNode byOperation = form.path("operation_params").path("properties");
        List<String> names = new ArrayList<>();
        byOperation.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactlyElementsOf(
                        schema.operations().stream().map(OperationSpec::id).toList());
        for (OperationSpec spec : schema.operations()) {
            JsonNode component = schemas.path(
                    byOperation.path(spec.id()).path("$ref").asText().replace("#/components/schemas/", ""));
            assertThat(component.path("title").asText()).as(spec.id()).isEqualTo(spec.title());
            assertThat(openApiParams(component, schemas)).as(spec.id()).isEqualTo(expected(spec.params(), "params"));
        }
    }

    /** The params of /api/operations without their descriptions and rules (checked apart). */
    private static ArrayNode withoutWords(JsonNode params) {
        ArrayNode list = NODES.arrayNode();
        params.forEach(param -> {
            ObjectNode copy = ((ObjectNode) param).deepCopy();
            copy.remove(List.of("description", "rules"));
            if (copy.has("params")) {
                copy.set("params", withoutWords(copy.get("params")));
            }
            list.add(copy);
        });
        return list;
    }

    /** The OpenAPI properties of {@code object} in the shape of /api/operations' params, $refs followed. */
    private static ArrayNode openApiParams(JsonNode object, JsonNode schemas) {
        ArrayNode params = NODES.arrayNode();
        object.path("properties").properties().forEach(property -> {
            JsonNode schema = property.getValue();
            if (schema.has("$ref")) {
                schema = schemas.path(schema.path("$ref").asText().replace("#/components/schemas/", ""));
            }
            ObjectNode param = NODES.objectNode().put("name", property.getKey());
            param.set("type", schema.get("type").isArray() ? schema.get("type").get(0) : schema.get("type"));
            for (String key : List.of("minimum", "maximum", "enum", "default")) {
                if (schema.has(key)) {
                    param.set(key, schema.get(key));
                }
            }
            if (schema.path("type").asText().equals("object")
                    || schema.path("type").path(0).asText().equals("object")) {
                param.set("params", openApiParams(schema, schemas));
            }
            params.add(param);
        });
        return params;
    }

    /** What a client must see for {@code params}: name, JSON type, range or choices, default; members of a group. */
    private static ArrayNode expected(List<Param<?>> params, String members) {
        ArrayNode list = NODES.arrayNode();
        for (Param<?> param : params) {
            ObjectNode entry = NODES.objectNode().put("name", param.name());
            switch (param) {
                case Param.Int p ->
                    entry.put("type", "integer").put("minimum", p.min()).put("maximum", p.max());
                case Param.Decimal p ->
                    entry.put("type", "number").put("minimum", p.min()).put("maximum", p.max());
                case Param.Bool p -> entry.put("type", "boolean");
                case Param.Choice<?> p -> {
                    entry.put("type", "string");
                    p.values().forEach(entry.putArray("enum")::add);
                }
                case Param.Group p -> {
                    entry.put("type", "object");
                    entry.set(members, expected(p.params(), members));
                }
            }
            Object fallback = param.defaultValue();
            if (fallback != null) {
                entry.set(
                        "default",
                        new ObjectMapper().valueToTree(fallback instanceof Enum<?> e ? Param.Choice.id(e) : fallback));
            }
            list.add(entry);
        }
        return list;
    }
}
