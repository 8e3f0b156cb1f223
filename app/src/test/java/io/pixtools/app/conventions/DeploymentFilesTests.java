package io.pixtools.app.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.settings.Roles;
import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine here, so docker-compose.yml and the Dockerfile are checked as files: parsed, and held to
 * what the product needs (roles, health checks, no secrets, a non-root image with libvips).
 */
class DeploymentFilesTests {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[^}]*)?}");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(RepositoryFiles.path("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String name) throws IOException {
        return (Map<String, Object>) service(name).get("environment");
    }

    @Test
    void composeRunsEveryRoleOnTheFullStack() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        assertThat(services)
                .containsKeys(
                        "api",
                        "worker-standard",
                        "worker-ml",
                        "scheduler",
                        "migrate",
                        "postgres",
                        "redis",
                        "rabbitmq",
                        "s3");
        for (Roles role : Roles.values()) {
            String service = role == Roles.MIGRATE ? "migrate" : role.id();
            assertThat(environment(service).get("PIXTOOLS_ROLES")).as(service).isEqualTo(role.id());
            assertThat(environment(service).get("SPRING_PROFILES_ACTIVE"))
                    .as(service)
                    .isEqualTo("distributed");
        }
        for (String infra : List.of("postgres", "redis", "rabbitmq", "s3")) {
            assertThat(service(infra)).as(infra + " has a health check").containsKey("healthcheck");
        }
        assertThat(service("rabbitmq").get("image").toString()).contains("management");
        assertThat(service("api").get("depends_on").toString())
                .contains("migrate")
                .contains("service_completed_successfully");
        assertThat(environment("migrate").get("SPRING_FLYWAY_ENABLED")).isEqualTo("true");
        assertThat(environment("api").get("SPRING_FLYWAY_ENABLED")).isEqualTo("false");
    }

    /** Every variable the services read from the environment is one the distributed profile uses. */
    @Test
    void composeSetsTheVariablesTheDistributedProfileReads() throws IOException {
        String profile = Files.readString(Path.of("src/main/resources/application-distributed.yaml"));
        Set<String> profileVariables = variables(profile);
        for (String key : List.of(
                "POSTGRES_URL",
                "POSTGRES_USER",
                "POSTGRES_PASSWORD",
                "RABBITMQ_HOST",
                "RABBITMQ_USER",
                "RABBITMQ_PASSWORD",
                "REDIS_HOST",
                "REDIS_PASSWORD",
                "S3_ENDPOINT",
                "S3_ACCESS_KEY",
                "S3_SECRET_KEY",
                "S3_BUCKET")) {
            assertThat(profileVariables)
                    .as("application-distributed.yaml reads " + key)
                    .contains(key);
            assertThat(environment("api")).as("compose sets " + key).containsKey(key);
        }
    }

    /** Secrets come from .env; every one compose requires is in .env.example, and none is written into compose. */
    @Test
    void secretsComeFromTheEnvironment() throws IOException {
        String compose = Files.readString(RepositoryFiles.path("docker-compose.yml"));
        String example = Files.readString(RepositoryFiles.path(".env.example"));
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(compose);
        Set<String> names = new HashSet<>();
        while (required.find()) {
            names.add(required.group(1));
        }
        assertThat(names)
                .contains(
                        "POSTGRES_PASSWORD",
                        "RABBITMQ_PASSWORD",
                        "REDIS_PASSWORD",
                        "S3_SECRET_KEY",
                        "PIXTOOLS_WEBHOOKS_SECRET");
        names.forEach(
                name -> assertThat(example).as(".env.example names " + name).containsPattern("(?m)^" + name + "="));
        assertThat(compose).doesNotContainPattern("(?i)password:\\s*[a-z0-9]");
    }

    @Test
    void imageIsNonRootWithLibvipsAJre25AndAHealthCheck() throws IOException {
        List<String> lines = Files.readAllLines(RepositoryFiles.path("Dockerfile"));
        String dockerfile = String.join("\n", lines);
        assertThat(lines.stream().filter(l -> l.startsWith("FROM ")).count())
                .as("multi-stage")
                .isGreaterThanOrEqualTo(2);
        assertThat(dockerfile).contains("eclipse-temurin:25-jre").contains("libvips42");
        String user = lines.stream()
                .filter(l -> l.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(user).doesNotContain("root").matches("USER [1-9][0-9]*(:[1-9][0-9]*)?");
        assertThat(dockerfile).contains("HEALTHCHECK").contains("/actuator/health/liveness");
        assertThat(dockerfile)
                .as("the image starts the jar as ./pixtools does, with its options and AOT cache")
                .contains("ENTRYPOINT [\"/opt/pixtools/launch.sh\", \"start\", \"/opt/pixtools/app\"]")
                .contains("launch.sh prepare /tmp/pixtools.jar /opt/pixtools/app ")
                .contains("/opt/pixtools/jvm.options /opt/pixtools/container.jvm.options");
        assertThat(Files.readString(RepositoryFiles.path("app/jvm.options")))
                .contains("--enable-native-access=ALL-UNNAMED");
        List<String> copied = lines.stream()
                .filter(l -> l.startsWith("COPY ") && !l.startsWith("COPY --from="))
                .flatMap(l -> {
                    List<String> words = List.of(l.split("\\s+"));
                    return words.subList(1, words.size() - 1).stream().filter(word -> !word.startsWith("--"));
                })
                .toList();
        assertThat(copied).contains("app/launch.sh", "app/container.jvm.options");
        assertThat(copied)
                .allSatisfy(source ->
                        assertThat(RepositoryFiles.path(source)).as(source).exists());
    }

    private static Set<String> variables(String text) {
        Set<String> names = new HashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
