package io.pixtools.app.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The environment docker-compose.yml gives a service, as Compose computes it: the service's {@code environment}
 * (anchors and merge keys resolved by the YAML parser) with {@code ${VAR}}, {@code ${VAR:-default}} and
 * {@code ${VAR:?message}} substituted from a .env file.
 */
final class ComposeEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([-?])([^}]*))?}");

    private ComposeEnvironment() {}

    @SuppressWarnings("unchecked")
    static Map<String, String> of(Path compose, String service, Map<String, String> dotenv) throws IOException {
        // SnakeYAML resolves the anchors and the << merge keys the file uses, as Compose does.
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(compose));
        Map<String, Object> services = (Map<String, Object>) root.get("services");
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        Map<String, Object> environment =
                definition == null ? null : (Map<String, Object>) definition.get("environment");
        if (environment == null) {
            throw new IllegalArgumentException("docker-compose.yml has no environment for service " + service);
        }
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((key, value) -> env.put(key, substitute(String.valueOf(value), dotenv)));
        return env;
    }

    static Map<String, String> dotenv(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            values.put(trimmed.substring(0, trimmed.indexOf('=')), trimmed.substring(trimmed.indexOf('=') + 1));
        }
        return values;
    }

    static String substitute(String value, Map<String, String> dotenv) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String given = dotenv.get(name);
            String replacement;
            if (given != null && !given.isEmpty()) {
                replacement = given;
            } else if ("-".equals(m.group(2))) {
                replacement = m.group(3);
            } else if ("?".equals(m.group(2))) {
                throw new IllegalStateException("Compose would refuse to start: " + name + " " + m.group(3));
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
