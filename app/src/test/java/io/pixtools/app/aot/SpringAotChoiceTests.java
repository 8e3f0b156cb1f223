package io.pixtools.app.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

class SpringAotChoiceTests {

    /** What ./pixtools run and the benchmark give a start, plus settings that no condition reads. */
    private static final Map<String, String> EMBEDDED_DEFAULT = Map.of(
            "PATH", "/usr/bin",
            "HOME", "/root",
            "PIXTOOLS_DATA_DIR", "/tmp/data",
            "PORT", "8080",
            "SERVER_PORT", "0",
            "PIXTOOLS_AUTH", "none",
            "PIXTOOLS_LIMITS_MAX_PIXELS", "1000000",
            "MALLOC_ARENA_MAX", "2",
            "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");

    @TempDir
    Path workingDir;

    @Test
    void theEmbeddedDefaultUsesAot() {
        assertThat(SpringAotChoice.matchesBuild(EMBEDDED_DEFAULT, new Properties(), new String[0], workingDir))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SPRING_PROFILES_ACTIVE",
                "SPRING_APPLICATION_JSON",
                "PIXTOOLS_ROLES",
                "pixtools_roles",
                "PIXTOOLS_TRANSPORT",
                "PIXTOOLS_IDEMPOTENCY_STORE",
                "PIXTOOLS_RATELIMITS_STORE",
                "PIXTOOLS_OBJECTSTORE_EMBEDDED",
                "PIXTOOLS_OBJECT_STORE_EMBEDDED",
                "PIXTOOLS_ML_ENABLED",
                "PIXTOOLS_JMX_ENABLED",
                "MANAGEMENT_SERVER_PORT",
                "SERVER_SERVLET_CONTEXT_PATH",
                "CAMEL_MAIN_JMXENABLED",
                "HAWTIO_AUTHENTICATIONENABLED",
                "KUBERNETES_SERVICE_HOST"
            })
    void aVariableThatMayDecideAConditionTurnsAotOff(String variable) {
        Map<String, String> environment = new HashMap<>(EMBEDDED_DEFAULT);
        environment.put(variable, "x");
        assertThat(SpringAotChoice.matchesBuild(environment, new Properties(), new String[0], workingDir))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "spring.profiles.active",
                "pixtools.roles",
                "pixtools.rate-limits.store",
                "camel.main.jmx-enabled",
                "management.server.port"
            })
    void aSystemPropertyThatMayDecideAConditionTurnsAotOff(String key) {
        Properties system = new Properties();
        system.setProperty(key, "x");
        assertThat(SpringAotChoice.matchesBuild(EMBEDDED_DEFAULT, system, new String[0], workingDir))
                .isFalse();
    }

    @Test
    void systemPropertiesThatDecideNoConditionKeepAot() {
        Properties system = new Properties();
        system.setProperty("spring.aot.enabled", "true");
        system.setProperty("server.port", "0");
        system.setProperty("java.io.tmpdir", "/tmp");
        system.setProperty("h2.bindAddress", "127.0.0.1");
        assertThat(SpringAotChoice.matchesBuild(EMBEDDED_DEFAULT, system, new String[0], workingDir))
                .isTrue();
    }

    @Test
    void argumentsTurnAotOff() {
        assertThat(SpringAotChoice.matchesBuild(
                        EMBEDDED_DEFAULT, new Properties(), new String[] {"--pixtools.roles=api"}, workingDir))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application.yaml", "application.yml", "application.properties", "config"})
    void aConfigurationFileInTheWorkingDirectoryTurnsAotOff(String name) throws IOException {
        Files.createFile(workingDir.resolve(name));
        assertThat(SpringAotChoice.matchesBuild(EMBEDDED_DEFAULT, new Properties(), new String[0], workingDir))
                .isFalse();
    }

    /** A new condition on a PixTools setting must be known here, or AOT would ignore that setting. */
    @Test
    void everyPropertyThatPixToolsConditionsReadTurnsAotOff() throws Exception {
        List<String> properties = conditionProperties();
        assertThat(properties).contains("pixtools.transport", "pixtools.roles", "camel.main.jmx-enabled");
        assertThat(properties)
                .allSatisfy(property -> assertThat(SpringAotChoice.decidingProperty(property))
                        .as(property)
                        .isTrue());
    }

    /** Every class of the application's own code, read without loading it. */
    private static List<String> conditionProperties() throws IOException, URISyntaxException {
        Path classes = Path.of(SpringAotChoice.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        SimpleMetadataReaderFactory readers = new SimpleMetadataReaderFactory();
        List<String> properties = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                AnnotationMetadata type =
                        readers.getMetadataReader(new FileSystemResource(file)).getAnnotationMetadata();
                collect(type, properties);
                type.getAnnotatedMethods(ConditionalOnProperty.class.getName()).forEach(m -> collect(m, properties));
                type.getAnnotatedMethods(ConditionalOnExpression.class.getName())
                        .forEach(m -> collect(m, properties));
            }
        }
        return properties;
    }

    private static void collect(AnnotatedTypeMetadata metadata, List<String> properties) {
        metadata.getAnnotations().stream(ConditionalOnProperty.class).forEach(condition -> {
            String prefix = condition.getString("prefix");
            String dotted = prefix.isEmpty() || prefix.endsWith(".") ? prefix : prefix + ".";
            for (String name : names(condition)) {
                properties.add(dotted + name);
            }
        });
        metadata.getAnnotations().stream(ConditionalOnExpression.class).forEach(condition -> {
            Matcher placeholder = Pattern.compile("\\$\\{([^:}]+)").matcher(condition.getString("value"));
            while (placeholder.find()) {
                properties.add(placeholder.group(1));
            }
        });
    }

    private static List<String> names(MergedAnnotation<ConditionalOnProperty> condition) {
        List<String> names = new ArrayList<>(List.of(condition.getStringArray("name")));
        names.addAll(List.of(condition.getStringArray("value")));
        return names;
    }
}
