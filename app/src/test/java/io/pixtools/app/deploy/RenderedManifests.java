package io.pixtools.app.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pixtools.testing.RepositoryFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes objects of manifests/, rendered for real: {@code kubectl kustomize} directly, or through
 * manifests/deploy.sh --render-only (the overlay plus an image digest and the example environment values, exactly
 * what the CD workflows apply).
 */
final class RenderedManifests {

    static final Path MANIFESTS = RepositoryFiles.path("manifests");
    static final Path EXAMPLE_SETTINGS = MANIFESTS.resolve("deploy-settings.example");
    static final String IMAGE =
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/pixtools-dev@sha256:" + "0123456789abcdef".repeat(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<Manifest>> DEPLOYED = new LinkedHashMap<>();

    private RenderedManifests() {}

    /** One object of the rendered output, raw and typed. */
    record Manifest(Map<String, Object> raw) {

        String kind() {
            return String.valueOf(raw.get("kind"));
        }

        String apiVersion() {
            return String.valueOf(raw.get("apiVersion"));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> metadata() {
            return (Map<String, Object>) raw.get("metadata");
        }

        String name() {
            return String.valueOf(metadata().get("name"));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> spec() {
            return (Map<String, Object>) raw.get("spec");
        }

        <T> T as(Class<T> type) {
            return JSON.convertValue(raw, type);
        }

        @Override
        public String toString() {
            return kind() + " " + name();
        }
    }

    record Result(int exitCode, String stdout, String stderr) {}

    /** The overlay as deploy.sh renders it with the example settings and {@link #IMAGE}; cached per overlay. */
    static synchronized List<Manifest> deployed(String overlay) throws IOException, InterruptedException {
        if (!DEPLOYED.containsKey(overlay)) {
            Path out = Files.createTempFile("pixtools-" + overlay, ".yaml");
            try {
                Result result = deploy(
                        "--overlay",
                        overlay,
                        "--image",
                        IMAGE,
                        "--settings",
                        EXAMPLE_SETTINGS.toString(),
                        "--render-only",
                        out.toString());
                if (result.exitCode() != 0) {
                    throw new AssertionError("deploy.sh --render-only " + overlay + " failed: " + result.stderr());
                }
                DEPLOYED.put(overlay, parse(Files.readString(out)));
            } finally {
                Files.deleteIfExists(out);
            }
        }
        return DEPLOYED.get(overlay);
    }

    /** {@code kubectl kustomize DIRECTORY}, parsed. */
    static List<Manifest> kustomize(Path directory) throws IOException, InterruptedException {
        Result result = run(List.of(kubectl(), "kustomize", directory.toString()));
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize " + directory + " failed: " + result.stderr());
        }
        return parse(result.stdout());
    }

    static Result deploy(String... arguments) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("sh", MANIFESTS.resolve("deploy.sh").toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    @SuppressWarnings("unchecked")
    static List<Manifest> parse(String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                manifests.add(new Manifest((Map<String, Object>) document));
            }
        }
        return manifests;
    }

    static <T> List<T> all(List<Manifest> manifests, String kind, Class<T> type) {
        return manifests.stream()
                .filter(m -> m.kind().equals(kind))
                .map(m -> m.as(type))
                .toList();
    }

    static List<Manifest> ofKind(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    static ConfigMap configMap(List<Manifest> manifests) {
        List<ConfigMap> maps = all(manifests, "ConfigMap", ConfigMap.class);
        if (maps.size() != 1 || !maps.getFirst().getMetadata().getName().startsWith("pixtools-config-")) {
            throw new AssertionError("expected one ConfigMap pixtools-config-<hash>, got " + maps.size());
        }
        return maps.getFirst();
    }

    /**
     * The environment a Deployment's container gets: its ConfigMaps through envFrom, then its own variables; a
     * variable from the Secret appears as {@code secrets.get(key)}.
     */
    static Map<String, String> environment(List<Manifest> manifests, String deployment, Map<String, String> secrets) {
        Deployment d = all(manifests, "Deployment", Deployment.class).stream()
                .filter(x -> x.getMetadata().getName().equals(deployment))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + deployment));
        return environment(
                manifests, d.getSpec().getTemplate().getSpec().getContainers().getFirst(), secrets);
    }

    static Map<String, String> environment(List<Manifest> manifests, Container container, Map<String, String> secrets) {
        ConfigMap configMap = configMap(manifests);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null
                    && configMap
                            .getMetadata()
                            .getName()
                            .equals(from.getConfigMapRef().getName())) {
                env.putAll(configMap.getData());
            }
        }
        for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), Objects.requireNonNullElse(var.getValue(), ""));
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                env.put(
                        var.getName(),
                        secrets.get(var.getValueFrom().getSecretKeyRef().getKey()));
            } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                env.put(
                        var.getName(),
                        configMap
                                .getData()
                                .get(var.getValueFrom().getConfigMapKeyRef().getKey()));
            }
        }
        return env;
    }

    /** kubectl on the PATH (./pixtools test installs Debian's kubernetes-client when it is missing). */
    static String kubectl() {
        return Stream.of(Objects.requireNonNullElse(System.getenv("PATH"), "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new AssertionError(
                        "kubectl is not on the PATH: ./pixtools test installs it " + "(Debian's kubernetes-client)"));
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 2 minutes");
        }
        return new Result(
                process.exitValue(),
                new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }
}
