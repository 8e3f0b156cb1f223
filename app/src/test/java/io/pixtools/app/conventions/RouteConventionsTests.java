package io.pixtools.app.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.processors.PixHeaders;
import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Checks the rules of routes/ (see ../shared/STYLE.md, habit 14) on every route file. */
class RouteConventionsTests {

    private static final Path ROUTES = RepositoryFiles.path("routes");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(:[^}]*)?}}");
    /** A header or property name: Pix plus a capitalised word, not part of a class name, not the product's name. */
    private static final Pattern PIX_NAME = Pattern.compile("(?<![.\\w])Pix(?!Tools\\b)[A-Z][A-Za-z]*");
    /** Transports that differ between profiles must come from a pixtools.endpoints.* key. */
    private static final List<String> TRANSPORTS =
            List.of("seda:", "spring-rabbitmq:", "aws2-s3:", "http:", "https:", "platform-http:");
    /** Steps that a test, a metric or a log line must be able to address. */
    private static final Set<String> STEPS_NEEDING_ID = Set.of(
            "process",
            "to",
            "bean",
            "choice",
            "split",
            "aggregate",
            "filter",
            "idempotentConsumer",
            "doTry",
            "throwException",
            "circuitBreaker",
            "enrich",
            "pollEnrich",
            "wireTap",
            "loop",
            "delay");

    /** Route ids that need not start with their file's stem, each with the reason. */
    private static final Map<String, String> ID_EXCEPTIONS = Map.of(
            "operation-failed",
            "the failure path shared by every worker route lives with the error handling it serves");

    /** A bean call with its arguments in the route, {@code find(${header.PixJobId})}. */
    private static final Pattern METHOD_CALL = Pattern.compile("[\\w$]+\\((.*)\\)");
    /** One argument of it: a header or an exchange property. */
    private static final Pattern ARGUMENT = Pattern.compile("\\$\\{(?:header|exchangeProperty)\\.(Pix[A-Za-z]+)}");

    /**
     * What a route may pass as a method argument, each with the reason it is safe. Camel reads an argument that is a
     * String as a literal of its method syntax: {@code null} becomes null and quotes are taken off. Anything a client
     * chose (the Idempotency-Key, file names, webhook URLs, metadata from the upload) is read by a bean from the
     * exchange instead.
     */
    private static final Map<String, String> METHOD_ARGUMENTS = Map.of(
            PixHeaders.JOB_ID,
            "a UUID the server made, or one checked against the UUID pattern (jobIdFromPath)",
            PixHeaders.OPERATION_COUNT,
            "a number the server counted",
            PixHeaders.JOB,
            "a Job: an argument of the parameter's own type is passed as it is, never read as a literal",
            PixHeaders.JOB_END,
            "a JobEnd, passed as it is",
            PixHeaders.OUTPUTS,
            "a List of JobOutput, passed as it is");

    @Test
    void routeIdsStartWithTheFileStem() throws IOException {
        List<String> wrong = new ArrayList<>();
        forEachFile((stem, model) -> {
            for (Map<String, Object> route : definitions(model, "route")) {
                String id = (String) route.get("id");
                if (id == null || (!id.equals(stem) && !id.startsWith(stem + "-") && !ID_EXCEPTIONS.containsKey(id))) {
                    wrong.add(stem + ": " + id);
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyAddressableStepHasAnId() throws IOException {
        List<String> missing = new ArrayList<>();
        forEachFile((stem, model) -> walk(model, (key, value) -> {
            // REST verbs name their target as a plain string ("to: direct:intake"); their id is on the verb.
            if (STEPS_NEEDING_ID.contains(key) && value instanceof Map<?, ?> step && !step.containsKey("id")) {
                missing.add(stem + ": " + key + " " + step);
            }
        }));
        assertThat(missing).isEmpty();
    }

    @Test
    void placeholdersExistInApplicationYaml() throws IOException {
        Map<String, Object> config =
                flatten(new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml"))));
        List<String> unknown = new ArrayList<>();
        forEachText((stem, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (m.group(2) == null && !config.containsKey(m.group(1))) {
                    unknown.add(stem + ": " + m.group(1));
                }
            }
        });
        assertThat(unknown).isEmpty();
    }

    @Test
    void transportsAreNeverWrittenInARoute() throws IOException {
        List<String> inline = new ArrayList<>();
        forEachFile((stem, model) -> walk(model, (key, value) -> {
            if (key.equals("uri")
                    && value instanceof String uri
                    && TRANSPORTS.stream().anyMatch(uri::startsWith)) {
                inline.add(stem + ": " + uri);
            }
        }));
        assertThat(inline).isEmpty();
    }

    @Test
    void everyPixNameIsDeclaredInPixHeaders() throws IOException {
        Set<String> declared = new HashSet<>();
        for (Field field : PixHeaders.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                declared.add(assertConstant(field));
            }
        }
        List<String> undeclared = new ArrayList<>();
        forEachText((stem, text) -> {
            Matcher m = PIX_NAME.matcher(text);
            while (m.find()) {
                if (!declared.contains(m.group())) {
                    undeclared.add(stem + ": " + m.group());
                }
            }
        });
        assertThat(undeclared).isEmpty();
    }

    @Test
    void methodArgumentsAreValuesNoClientChose() throws IOException {
        List<String> unsafe = new ArrayList<>();
        forEachFile((stem, model) -> walk(model, (key, value) -> {
            Matcher call = METHOD_CALL.matcher(key.equals("method") && value instanceof String s ? s : "");
            if (call.matches()) {
                for (String argument : call.group(1).split(",")) {
                    Matcher m = ARGUMENT.matcher(argument.strip());
                    if (!m.matches() || !METHOD_ARGUMENTS.containsKey(m.group(1))) {
                        unsafe.add(stem + ": " + value);
                    }
                }
            }
        }));
        assertThat(unsafe).isEmpty();
    }

    @Test
    void everyFileIsARouteFile() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".camel.yaml"));
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private interface FileVisitor {
        void visit(String stem, Object model) throws IOException;
    }

    private interface TextVisitor {
        void visit(String stem, String text) throws IOException;
    }

    private interface NodeVisitor {
        void visit(String key, Object value);
    }

    private static void forEachFile(FileVisitor visitor) throws IOException {
        forEachText((stem, text) -> visitor.visit(stem, new Yaml().load(text)));
    }

    private static void forEachText(TextVisitor visitor) throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            for (Path file : files.sorted().toList()) {
                String stem = file.getFileName().toString().replace(".camel.yaml", "");
                String text = Files.readString(file)
                        .lines()
                        .filter(l -> !l.strip().startsWith("#"))
                        .reduce("", (a, b) -> a + b + "\n");
                visitor.visit(stem, text);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> definitions(Object model, String kind) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object item : (List<Object>) model) {
            Map<String, Object> entry = (Map<String, Object>) item;
            if (entry.containsKey(kind)) {
                found.add((Map<String, Object>) entry.get(kind));
            }
        }
        return found;
    }

    private static void walk(Object node, NodeVisitor visitor) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                visitor.visit(String.valueOf(k), v);
                walk(v, visitor);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, visitor));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new java.util.HashMap<>();
        tree.forEach((k, v) -> {
            if (v instanceof Map<?, ?> child) {
                flatten((Map<String, Object>) child).forEach((ck, cv) -> flat.put(k + "." + ck, cv));
            } else {
                flat.put(k, v);
            }
        });
        return flat;
    }

    private static String assertConstant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
