package io.pixtools.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * There is no cluster and no kubectl here, so the Kubernetes manifests in manifests/ are checked as files: every
 * YAML document is read into the fabric8 model of its kind and held to what PixTools needs on K3s (roles, probes on
 * the actuator, resources, a non-root read-only container, configuration only from the ConfigMap and the
 * out-of-band Secret, Services, autoscalers and budgets that match their Deployments, the ALB Ingress, the
 * migration Job). manifests/render.sh is run for real.
 */
class ManifestsTests {

    private static final Path MANIFESTS = Path.of("manifests");
    private static final Path RENDER = MANIFESTS.resolve("render.sh");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String NAMESPACE = "pixtools";
    private static final String CONFIG_MAP = "pixtools-config";
    private static final String SECRET = "pixtools-secrets";
    /** The keys the manifests may read from the out-of-band Secret: exactly the documented secrets. */
    private static final Set<String> SECRET_KEYS = Set.of("POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "REDIS_PASSWORD",
            "S3_SECRET_KEY", "PIXTOOLS_WEBHOOKS_SECRET");
    /** Non-secret settings every role needs, from the ConfigMap or the Deployment itself. */
    private static final List<String> SETTINGS = List.of("SPRING_PROFILES_ACTIVE", "PIXTOOLS_ROLES", "POSTGRES_URL",
            "POSTGRES_USER", "RABBITMQ_HOST", "RABBITMQ_PORT", "RABBITMQ_USER", "REDIS_HOST", "REDIS_PORT", "S3_ENDPOINT",
            "S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY", "PIXTOOLS_API_PUBLIC_URL", "SPRING_FLYWAY_ENABLED",
            "PIXTOOLS_WORKERS_STANDARD_CONCURRENCY", "PIXTOOLS_WORKERS_ML_CONCURRENCY", "JAVA_TOOL_OPTIONS",
            "PIXTOOLS_DATA_DIR");
    /** Deployment name to role (PIXTOOLS_ROLES). */
    private static final Map<String, String> ROLES = Map.of("pixtools-api", "api",
            "pixtools-worker-standard", "worker-standard", "pixtools-worker-ml", "worker-ml",
            "pixtools-scheduler", "scheduler");
    /** Deployment name to {cpu request, memory request, cpu limit, memory limit}. */
    private static final Map<String, List<String>> RESOURCES = Map.of(
            "pixtools-api", List.of("500m", "1Gi", "2", "2Gi"),
            "pixtools-worker-standard", List.of("1", "1.5Gi", "2", "3Gi"),
            "pixtools-worker-ml", List.of("2", "3Gi", "4", "6Gi"),
            "pixtools-scheduler", List.of("200m", "512Mi", "1", "1Gi"));
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final long USER = 10001L;

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/pixtools-dev@" + DIGEST;
    private static final String HOST = "pixtools-test.example.com";
    private static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-1111-2222-3333-444444444444";

    /** One YAML document of a manifest file, raw and typed. */
    record Manifest(Path file, Map<String, Object> raw) {

        String kind() {
            return String.valueOf(raw.get("kind"));
        }

        String apiVersion() {
            return String.valueOf(raw.get("apiVersion"));
        }

        @SuppressWarnings("unchecked")
        String name() {
            return String.valueOf(((Map<String, Object>) raw.get("metadata")).get("name"));
        }

        <T> T as(Class<T> type) {
            return JSON.convertValue(raw, type);
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file + ")";
        }
    }

    // --- reading ----------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static List<Manifest> manifests(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                    if (document == null) {
                        continue;
                    }
                    assertThat(document).as("a YAML document of %s", file).isInstanceOf(Map.class);
                    manifests.add(new Manifest(file, (Map<String, Object>) document));
                }
            }
        }
        return manifests;
    }

    static <T> List<T> all(List<Manifest> manifests, String kind, Class<T> type) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).map(m -> m.as(type)).toList();
    }

    private static List<Manifest> templates() throws IOException {
        return manifests(MANIFESTS);
    }

    private static Map<String, Deployment> deployments(List<Manifest> manifests) {
        Map<String, Deployment> byName = new LinkedHashMap<>();
        all(manifests, "Deployment", Deployment.class).forEach(d -> byName.put(d.getMetadata().getName(), d));
        return byName;
    }

    /** Every pod template (Deployments and Jobs), by "Kind name". */
    private static Map<String, PodSpec> podSpecs(List<Manifest> manifests) {
        Map<String, PodSpec> specs = new LinkedHashMap<>();
        all(manifests, "Deployment", Deployment.class)
                .forEach(d -> specs.put("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        all(manifests, "Job", Job.class)
                .forEach(j -> specs.put("Job " + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
        return specs;
    }

    private static ConfigMap configMap(List<Manifest> manifests) {
        List<ConfigMap> maps = all(manifests, "ConfigMap", ConfigMap.class);
        assertThat(maps).extracting(m -> m.getMetadata().getName()).containsExactly(CONFIG_MAP);
        return maps.getFirst();
    }

    private static Container container(PodSpec spec) {
        assertThat(spec.getContainers()).hasSize(1);
        return spec.getContainers().getFirst();
    }

    /** The environment a container sees: the ConfigMap through envFrom, overridden by its own literal values. */
    private static Map<String, String> effectiveEnvironment(Container container, ConfigMap configMap) {
        Map<String, String> env = new HashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null && CONFIG_MAP.equals(from.getConfigMapRef().getName())) {
                env.putAll(configMap.getData());
            }
        }
        for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), Objects.requireNonNullElse(var.getValue(), ""));
            } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                env.put(var.getName(), configMap.getData().get(var.getValueFrom().getConfigMapKeyRef().getKey()));
            } else {
                env.put(var.getName(), "<from " + SECRET + ">");
            }
        }
        return env;
    }

    private static String literal(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(EnvVar::getValue).orElse(null);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    // --- the templates ----------------------------------------------------------------------------------------------

    @Test
    void everyManifestIsAKubernetesObjectOfAKnownKindInThePixtoolsNamespace() throws IOException {
        List<Manifest> manifests = templates();
        assertThat(manifests).isNotEmpty();
        Map<String, String> apiVersions = Map.of("Namespace", "v1", "ConfigMap", "v1", "Service", "v1",
                "Deployment", "apps/v1", "Job", "batch/v1", "HorizontalPodAutoscaler", "autoscaling/v2",
                "PodDisruptionBudget", "policy/v1", "Ingress", "networking.k8s.io/v1");
        Set<String> seen = new LinkedHashSet<>();
        for (Manifest manifest : manifests) {
            assertThat(apiVersions).as("kind of %s", manifest).containsKey(manifest.kind());
            assertThat(manifest.apiVersion()).as("apiVersion of %s", manifest).isEqualTo(apiVersions.get(manifest.kind()));
            assertThat(seen.add(manifest.kind() + "/" + manifest.name())).as("%s is defined once", manifest).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) manifest.raw().get("metadata");
            if (manifest.kind().equals("Namespace")) {
                assertThat(manifest.name()).isEqualTo(NAMESPACE);
            } else {
                assertThat(metadata.get("namespace")).as("namespace of %s", manifest).isEqualTo(NAMESPACE);
            }
        }
        assertThat(seen).contains("Namespace/" + NAMESPACE, "ConfigMap/" + CONFIG_MAP, "Ingress/pixtools");
    }

    /** A misspelt field (readinesProbe, secretKeyref) would be silently ignored by Kubernetes' lenient clients. */
    @Test
    void everyFieldIsKnownToTheKubernetesModel() throws Exception {
        Map<String, Class<?>> types = Map.of("Namespace", Namespace.class, "ConfigMap", ConfigMap.class,
                "Service", Service.class, "Deployment", Deployment.class, "Job", Job.class,
                "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "PodDisruptionBudget", PodDisruptionBudget.class,
                "Ingress", Ingress.class);
        List<String> unknown = new ArrayList<>();
        for (Manifest manifest : templates()) {
            collectUnknownFields(manifest.as(types.get(manifest.kind())), manifest.toString(), unknown);
        }
        assertThat(unknown).as("fields the Kubernetes model does not know").isEmpty();
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown)
            throws ReflectiveOperationException {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                collectUnknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (value == null || value instanceof Quantity || value instanceof IntOrString
                || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                collectUnknownFields(child, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    @Test
    void theFourRolesRunAsDeploymentsOfOneImageEachWithItsRole() throws IOException {
        Map<String, Deployment> deployments = deployments(templates());
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(ROLES.keySet());
        for (Deployment deployment : deployments.values()) {
            String name = deployment.getMetadata().getName();
            Container container = container(deployment.getSpec().getTemplate().getSpec());
            assertThat(container.getImage()).as("image of %s", name).isEqualTo("${IMAGE}");
            assertThat(literal(container, "PIXTOOLS_ROLES")).as("PIXTOOLS_ROLES of %s", name).isEqualTo(ROLES.get(name));
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .as("selector of %s matches its pod template", name)
                    .isNotEmpty()
                    .allSatisfy((k, v) -> assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                            .containsEntry(k, v));
        }
    }

    @Test
    void everyDeploymentHasStartupLivenessAndReadinessProbesOnTheActuator() throws IOException {
        for (Deployment deployment : deployments(templates()).values()) {
            String name = deployment.getMetadata().getName();
            Container container = container(deployment.getSpec().getTemplate().getSpec());
            assertProbe(name + " startup", container.getStartupProbe(), LIVENESS, container);
            assertProbe(name + " liveness", container.getLivenessProbe(), LIVENESS, container);
            assertProbe(name + " readiness", container.getReadinessProbe(), READINESS, container);
            // ~30 s of start-up fit in the startup probe's budget.
            Probe startup = container.getStartupProbe();
            assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as("%s startup budget", name)
                    .isGreaterThanOrEqualTo(60);
        }
    }

    private static void assertProbe(String what, Probe probe, String path, Container container) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what + " is an HTTP GET").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(path);
        assertThat(portNumber(probe.getHttpGet().getPort(), container)).as(what + " port").isEqualTo(8080);
    }

    private static int portNumber(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    @Test
    void everyDeploymentRequestsAndLimitsCpuAndMemoryAsSized() throws IOException {
        for (Deployment deployment : deployments(templates()).values()) {
            String name = deployment.getMetadata().getName();
            var resources = container(deployment.getSpec().getTemplate().getSpec()).getResources();
            assertThat(resources).as("resources of %s", name).isNotNull();
            Map<String, Quantity> requests = resources.getRequests();
            Map<String, Quantity> limits = resources.getLimits();
            assertThat(requests).as("requests of %s", name).containsKeys("cpu", "memory");
            assertThat(limits).as("limits of %s", name).containsKeys("cpu", "memory");
            List<String> expected = RESOURCES.get(name);
            assertSameQuantity(name + " cpu request", requests.get("cpu"), expected.get(0));
            assertSameQuantity(name + " memory request", requests.get("memory"), expected.get(1));
            assertSameQuantity(name + " cpu limit", limits.get("cpu"), expected.get(2));
            assertSameQuantity(name + " memory limit", limits.get("memory"), expected.get(3));
        }
        for (Job job : all(templates(), "Job", Job.class)) {
            var resources = container(job.getSpec().getTemplate().getSpec()).getResources();
            assertThat(resources.getRequests()).as("requests of the Job").containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as("limits of the Job").containsKeys("cpu", "memory");
        }
    }

    private static void assertSameQuantity(String what, Quantity actual, String expected) {
        assertThat(actual).as(what).isNotNull();
        assertThat(Quantity.getAmountInBytes(actual)).as(what + " (" + actual + ")")
                .isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity(expected)));
    }

    @Test
    void podsRunAsUser10001WithAReadOnlyRootFilesystemAndNoPrivileges() throws IOException {
        for (Map.Entry<String, PodSpec> entry : podSpecs(templates()).entrySet()) {
            String what = entry.getKey();
            PodSpec spec = entry.getValue();
            PodSecurityContext pod = Objects.requireNonNullElse(spec.getSecurityContext(), new PodSecurityContext());
            for (Container container : spec.getContainers()) {
                SecurityContext sc = container.getSecurityContext();
                assertThat(sc).as("%s container securityContext", what).isNotNull();
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
                SeccompProfile seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
                assertThat(nonRoot).as("%s runAsNonRoot", what).isTrue();
                assertThat(user).as("%s runAsUser", what).isEqualTo(USER);
                assertThat(seccomp).as("%s seccompProfile", what).isNotNull();
                assertThat(seccomp.getType()).as("%s seccompProfile", what).isEqualTo("RuntimeDefault");
                assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", what).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", what).isTrue();
                assertThat(sc.getPrivileged()).as("%s privileged", what).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities()).as("%s capabilities", what).isNotNull();
                assertThat(sc.getCapabilities().getDrop()).as("%s drops every capability", what).contains("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("%s adds no capability", what).isNullOrEmpty();

                // The only writable places: the data directory and /tmp, both emptyDir volumes.
                Map<String, String> mounts = new HashMap<>();
                for (VolumeMount mount : container.getVolumeMounts()) {
                    mounts.put(mount.getMountPath(), mount.getName());
                }
                assertThat(mounts).as("%s mounts", what).containsOnlyKeys("/var/lib/pixtools", "/tmp");
                for (String volumeName : mounts.values()) {
                    Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(volumeName)).findFirst()
                            .orElseThrow(() -> new AssertionError(what + ": no volume " + volumeName));
                    assertThat(volume.getEmptyDir()).as("%s volume %s is an emptyDir", what, volumeName).isNotNull();
                }
            }
            assertThat(spec.getHostNetwork()).as("%s hostNetwork", what).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getAutomountServiceAccountToken()).as("%s mounts no API token", what).isFalse();
        }
    }

    @Test
    void everyEnvironmentVariableIsALiteralOrComesFromTheConfigMapOrTheOutOfBandSecret() throws IOException {
        List<Manifest> manifests = templates();
        ConfigMap configMap = configMap(manifests);
        Set<String> secretKeysUsed = new LinkedHashSet<>();
        for (Map.Entry<String, PodSpec> entry : podSpecs(manifests).entrySet()) {
            for (Container container : entry.getValue().getContainers()) {
                String what = entry.getKey();
                for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
                    if (from.getConfigMapRef() != null) {
                        assertThat(from.getConfigMapRef().getName()).as("%s envFrom ConfigMap", what).isEqualTo(CONFIG_MAP);
                    } else {
                        assertThat(from.getSecretRef()).as("%s envFrom is a ConfigMap or the Secret", what).isNotNull();
                        assertThat(from.getSecretRef().getName()).as("%s envFrom Secret", what).isEqualTo(SECRET);
                    }
                }
                for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
                    EnvVarSource source = var.getValueFrom();
                    if (source == null) {
                        continue; // a literal
                    }
                    if (source.getConfigMapKeyRef() != null) {
                        assertThat(source.getConfigMapKeyRef().getName()).as("%s %s ConfigMap", what, var.getName())
                                .isEqualTo(CONFIG_MAP);
                        assertThat(configMap.getData()).as("%s %s key in the ConfigMap", what, var.getName())
                                .containsKey(source.getConfigMapKeyRef().getKey());
                    } else {
                        assertThat(source.getSecretKeyRef()).as("%s %s comes from the ConfigMap or the Secret", what,
                                var.getName()).isNotNull();
                        assertThat(source.getSecretKeyRef().getName()).as("%s %s Secret", what, var.getName())
                                .isEqualTo(SECRET);
                        assertThat(source.getSecretKeyRef().getKey()).as("%s %s Secret key", what, var.getName())
                                .isIn(SECRET_KEYS)
                                .isEqualTo(var.getName());
                        secretKeysUsed.add(source.getSecretKeyRef().getKey());
                    }
                }
            }
        }
        assertThat(secretKeysUsed).as("keys read from %s", SECRET).containsExactlyInAnyOrderElementsOf(SECRET_KEYS);
    }

    @Test
    void theConfigMapHoldsEverySettingButNoSecret() throws IOException {
        List<Manifest> manifests = templates();
        ConfigMap configMap = configMap(manifests);
        assertThat(configMap.getData().keySet())
                .as("the ConfigMap holds no secret")
                .doesNotContainAnyElementsOf(SECRET_KEYS)
                .noneMatch(key -> key.contains("PASSWORD") || key.contains("SECRET"));
        assertThat(configMap.getData()).containsEntry("SPRING_PROFILES_ACTIVE", "distributed")
                .containsEntry("SPRING_FLYWAY_ENABLED", "false")
                .containsEntry("S3_ENDPOINT", "")
                .containsEntry("S3_ACCESS_KEY", "");
        for (Map.Entry<String, PodSpec> entry : podSpecs(manifests).entrySet()) {
            Map<String, String> env = effectiveEnvironment(container(entry.getValue()), configMap);
            assertThat(env).as("environment of %s", entry.getKey()).containsKeys(SETTINGS.toArray(String[]::new));
            assertThat(env).as("environment of %s", entry.getKey()).containsKeys(SECRET_KEYS.toArray(String[]::new));
            if (entry.getKey().startsWith("Deployment ")) {
                assertThat(env.get("SPRING_FLYWAY_ENABLED")).as("only the migration Job migrates (%s)", entry.getKey())
                        .isEqualTo("false");
            }
        }
    }

    @Test
    void noSecretWithValuesIsCommitted() throws IOException {
        for (Manifest manifest : templates()) {
            if (manifest.kind().equals("Secret")) {
                assertThat(manifest.raw()).as("%s carries no values", manifest)
                        .doesNotContainKeys("data", "stringData");
            }
        }
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as("%s creates no Secret with literals", file)
                        .doesNotContainPattern("--from-literal=[A-Z_]+=[^\"$\\s]");
            }
        }
    }

    @Test
    void theApiServiceSelectsTheApiPodsOnlyAndEveryServiceSelectsSomePods() throws IOException {
        List<Manifest> manifests = templates();
        Map<String, Deployment> deployments = deployments(manifests);
        Map<String, String> apiLabels = deployments.get("pixtools-api").getSpec().getTemplate().getMetadata().getLabels();
        List<Service> services = all(manifests, "Service", Service.class);
        Service api = services.stream().filter(s -> s.getMetadata().getName().equals("pixtools-api")).findFirst()
                .orElseThrow(() -> new AssertionError("no Service pixtools-api"));
        assertThat(selects(api.getSpec().getSelector(), apiLabels)).as("pixtools-api selects the api pods").isTrue();
        deployments.forEach((name, deployment) -> {
            if (!name.equals("pixtools-api")) {
                assertThat(selects(api.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()))
                        .as("pixtools-api does not select the pods of %s", name).isFalse();
            }
        });
        Container apiContainer = container(deployments.get("pixtools-api").getSpec().getTemplate().getSpec());
        for (ServicePort port : api.getSpec().getPorts()) {
            assertThat(portNumber(port.getTargetPort(), apiContainer)).as("pixtools-api targets the HTTP port").isEqualTo(8080);
        }
        for (Service service : services) {
            assertThat(deployments.values())
                    .as("Service %s selects the pods of some Deployment", service.getMetadata().getName())
                    .anySatisfy(d -> assertThat(selects(service.getSpec().getSelector(),
                            d.getSpec().getTemplate().getMetadata().getLabels())).isTrue());
        }
    }

    @Test
    void autoscalersScaleExistingDeploymentsThatLeaveTheirReplicasToThem() throws IOException {
        List<Manifest> manifests = templates();
        Map<String, Deployment> deployments = deployments(manifests);
        List<HorizontalPodAutoscaler> hpas = all(manifests, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
        assertThat(hpas).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .contains("pixtools-api", "pixtools-worker-standard", "pixtools-worker-ml");
        for (HorizontalPodAutoscaler hpa : hpas) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertThat(target.getKind()).isEqualTo("Deployment");
            assertThat(target.getApiVersion()).isEqualTo("apps/v1");
            assertThat(deployments).as("HPA %s targets an existing Deployment", hpa.getMetadata().getName())
                    .containsKey(target.getName());
            assertThat(hpa.getSpec().getMinReplicas()).isPositive();
            assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
            assertThat(hpa.getSpec().getMetrics()).isNotEmpty();
            assertThat(deployments.get(target.getName()).getSpec().getReplicas())
                    .as("%s leaves its replica count to the HPA (an apply would reset it)", target.getName()).isNull();
        }
        assertThat(hpas).filteredOn(h -> h.getSpec().getScaleTargetRef().getName().equals("pixtools-api"))
                .allSatisfy(h -> assertThat(h.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void disruptionBudgetsSelectTheApiAndWorkerPods() throws IOException {
        List<Manifest> manifests = templates();
        Map<String, Deployment> deployments = deployments(manifests);
        List<PodDisruptionBudget> budgets = all(manifests, "PodDisruptionBudget", PodDisruptionBudget.class);
        for (String name : List.of("pixtools-api", "pixtools-worker-standard", "pixtools-worker-ml")) {
            Map<String, String> labels = deployments.get(name).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(budgets).as("a PodDisruptionBudget for %s", name)
                    .anySatisfy(b -> assertThat(selects(b.getSpec().getSelector().getMatchLabels(), labels)).isTrue());
        }
        for (PodDisruptionBudget budget : budgets) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            assertThat(deployments.values().stream()
                    .filter(d -> selects(selector, d.getSpec().getTemplate().getMetadata().getLabels())).count())
                    .as("PDB %s selects the pods of exactly one Deployment", budget.getMetadata().getName()).isEqualTo(1);
            assertThat(budget.getSpec().getMinAvailable() != null || budget.getSpec().getMaxUnavailable() != null)
                    .as("PDB %s sets minAvailable or maxUnavailable", budget.getMetadata().getName()).isTrue();
        }
    }

    @Test
    void theIngressRoutesToTheApiServicePortThroughAnInternetFacingAlb() throws IOException {
        List<Manifest> manifests = templates();
        List<Ingress> ingresses = all(manifests, "Ingress", Ingress.class);
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.getFirst();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        assertThat(annotations)
                .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing")
                .containsEntry("alb.ingress.kubernetes.io/target-type", "${ALB_TARGET_TYPE}")
                .containsEntry("alb.ingress.kubernetes.io/certificate-arn", "${CERTIFICATE_ARN}")
                .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", READINESS)
                .containsKey("alb.ingress.kubernetes.io/security-groups");
        JsonNode listenPorts = JSON.readTree(annotations.get("alb.ingress.kubernetes.io/listen-ports"));
        List<String> listeners = new ArrayList<>();
        listenPorts.forEach(port -> port.properties().forEach(e -> listeners.add(e.getKey() + ":" + e.getValue().asInt())));
        assertThat(listeners).containsExactlyInAnyOrder("HTTP:80", "HTTPS:443");

        Service api = all(manifests, "Service", Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals("pixtools-api")).findFirst().orElseThrow();
        List<IngressServiceBackend> toApi = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertThat(rule.getHost()).isEqualTo("${INGRESS_HOST}");
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                IngressServiceBackend backend = path.getBackend().getService();
                assertThat(backend).as("backend of %s", path.getPath()).isNotNull();
                if ("use-annotation".equals(backend.getPort().getName())) {
                    // An ALB action (the fixed 404 for /actuator), defined in an annotation.
                    assertThat(annotations).containsKey("alb.ingress.kubernetes.io/actions." + backend.getName());
                    continue;
                }
                assertThat(backend.getName()).as("backend of %s", path.getPath()).isEqualTo("pixtools-api");
                assertThat(api.getSpec().getPorts()).as("the api Service has the port of %s", path.getPath())
                        .anySatisfy(p -> assertThat(backend.getPort().getNumber() != null
                                ? backend.getPort().getNumber().equals(p.getPort())
                                : backend.getPort().getName().equals(p.getName())).isTrue());
                toApi.add(backend);
            }
        }
        assertThat(toApi).as("the Ingress routes to the api Service").isNotEmpty();
    }

    @Test
    void theMigrationJobRunsTheMigrateRoleOnceWithFlywayOn() throws IOException {
        List<Job> jobs = all(templates(), "Job", Job.class);
        assertThat(jobs).hasSize(1);
        Job job = jobs.getFirst();
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        Container container = container(spec);
        assertThat(literal(container, "PIXTOOLS_ROLES")).isEqualTo("migrate");
        assertThat(literal(container, "SPRING_FLYWAY_ENABLED")).isEqualTo("true");
        assertThat(container.getImage()).isEqualTo("${IMAGE}");
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getBackoffLimit()).isNotNull().isBetween(0, 5);
        assertThat(job.getMetadata().getName()).as("one Job per image").contains("${MIGRATION_ID}");
    }

    // --- render.sh --------------------------------------------------------------------------------------------------

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result render(List<String> arguments) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "render.sh needs a POSIX shell");
        List<String> command = new ArrayList<>(List.of("sh", RENDER.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("render.sh finished").isTrue();
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    private static List<String> exampleArguments(Path out) {
        return new ArrayList<>(List.of(
                "--image", IMAGE,
                "--host", HOST,
                "--certificate-arn", CERTIFICATE,
                "--db-url", "jdbc:postgresql://pixtools-test.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432/pixtools?sslmode=require",
                "--bucket", "pixtools-test-objects-123456789012",
                "--region", "eu-west-1",
                "--alb-security-group", "sg-0123456789abcdef0",
                "--out", out.toString()));
    }

    @Test
    void renderFillsEveryPlaceholderAndPinsTheImageDigestEverywhere(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("rendered");
        Result result = render(exampleArguments(out));
        assertThat(result.exitCode()).as(result.stderr()).isZero();

        List<Path> templates;
        List<Path> rendered;
        try (Stream<Path> sources = Files.list(MANIFESTS); Stream<Path> outputs = Files.list(out)) {
            templates = sources.filter(p -> p.toString().endsWith(".yaml")).toList();
            rendered = outputs.toList();
        }
        assertThat(rendered).as("one rendered file per template").hasSameSizeAs(templates);
        for (Path file : rendered) {
            assertThat(Files.readString(file)).as("%s has no placeholder left", file).doesNotContain("${");
        }
        List<Manifest> manifests = manifests(out);
        Map<String, PodSpec> pods = podSpecs(manifests);
        assertThat(pods.keySet()).hasSize(ROLES.size() + 1);
        pods.forEach((what, spec) -> assertThat(spec.getContainers()).as(what)
                .allSatisfy(c -> assertThat(c.getImage()).isEqualTo(IMAGE)));
        Job job = all(manifests, "Job", Job.class).getFirst();
        assertThat(job.getMetadata().getName()).isEqualTo("pixtools-migrate-" + DIGEST.substring(7, 19));

        Ingress ingress = all(manifests, "Ingress", Ingress.class).getFirst();
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost).containsOnly(HOST);
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("alb.ingress.kubernetes.io/certificate-arn", CERTIFICATE)
                .containsEntry("alb.ingress.kubernetes.io/target-type", "ip")
                .containsEntry("alb.ingress.kubernetes.io/security-groups", "sg-0123456789abcdef0");
        ConfigMap configMap = configMap(manifests);
        assertThat(configMap.getData()).containsEntry("PIXTOOLS_API_PUBLIC_URL", "https://" + HOST)
                .containsEntry("S3_BUCKET", "pixtools-test-objects-123456789012")
                .containsEntry("S3_REGION", "eu-west-1");
        for (Deployment deployment : all(manifests, "Deployment", Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"))
                    .as("config checksum of %s", deployment.getMetadata().getName()).isNotBlank();
        }
    }

    @Test
    void renderTakesTheOptionalValues(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("rendered");
        List<String> arguments = exampleArguments(out);
        arguments.addAll(List.of("--alb-target-type", "instance", "--environment", "prod",
                "--public-url", "https://images.example.com", "--rabbitmq-host", "mq.example.internal"));
        Result result = render(arguments);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Manifest> manifests = manifests(out);
        Ingress ingress = all(manifests, "Ingress", Ingress.class).getFirst();
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("alb.ingress.kubernetes.io/target-type", "instance")
                .containsEntry("alb.ingress.kubernetes.io/load-balancer-name", "pixtools-prod");
        assertThat(configMap(manifests).getData()).containsEntry("PIXTOOLS_API_PUBLIC_URL", "https://images.example.com")
                .containsEntry("RABBITMQ_HOST", "mq.example.internal");
    }

    @Test
    void renderRefusesAMissingArgumentWithAMessage(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("rendered");
        List<String> arguments = exampleArguments(out);
        int image = arguments.indexOf("--image");
        arguments.remove(image + 1);
        arguments.remove(image);
        Result result = render(arguments);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("missing").contains("--image");
        assertThat(out.resolve("30-api.yaml")).doesNotExist();
    }

    @Test
    void renderRefusesAnImageWithoutADigestAndAnUnknownOption(@TempDir Path tmp) throws Exception {
        List<String> arguments = exampleArguments(tmp.resolve("rendered"));
        arguments.set(arguments.indexOf("--image") + 1, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/pixtools-dev:latest");
        Result tagged = render(arguments);
        assertThat(tagged.exitCode()).isNotZero();
        assertThat(tagged.stderr()).contains("--image").contains("sha256");

        List<String> unknown = exampleArguments(tmp.resolve("rendered"));
        unknown.addAll(List.of("--colour", "blue"));
        Result result = render(unknown);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("--colour");
    }
}
