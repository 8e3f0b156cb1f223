package io.pixtools.app.deploy;

import static io.pixtools.app.deploy.RenderedManifests.IMAGE;
import static io.pixtools.app.deploy.RenderedManifests.MANIFESTS;
import static io.pixtools.app.deploy.RenderedManifests.all;
import static io.pixtools.app.deploy.RenderedManifests.configMap;
import static io.pixtools.app.deploy.RenderedManifests.deployed;
import static io.pixtools.app.deploy.RenderedManifests.kustomize;
import static io.pixtools.app.deploy.RenderedManifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.pixtools.app.deploy.RenderedManifests.Manifest;
import io.pixtools.app.deploy.RenderedManifests.Result;
import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The K3s manifests as they are applied: each overlay rendered by manifests/deploy.sh --render-only (kubectl
 * kustomize underneath) with an image digest and example environment values, every object read into the fabric8
 * model of its kind and held to what PixTools needs (roles, probes on the actuator, resources, non-root pods,
 * configuration only from the ConfigMap and the out-of-band Secret, Services, autoscalers on queue length with
 * ceilings that fit the node group, budgets, the ALB Ingress, the migration Job, NetworkPolicies).
 */
class ManifestsTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "pixtools";
    private static final String SECRET = "pixtools-secrets";
    /** The keys the manifests read from the out-of-band Secret: exactly what sync-secrets.sh copies from SSM. */
    private static final Set<String> SECRET_KEYS = Set.of(
            "POSTGRES_PASSWORD",
            "RABBITMQ_PASSWORD",
            "REDIS_PASSWORD",
            "S3_ACCESS_KEY",
            "S3_SECRET_KEY",
            "PIXTOOLS_WEBHOOKS_SECRET",
            "PIXTOOLS_API_KEYS");
    /** The API keys: the API's business only. */
    private static final String API_KEYS = "PIXTOOLS_API_KEYS";
    /** Non-secret settings every role needs, from the ConfigMap or the Deployment itself. */
    private static final List<String> SETTINGS = List.of(
            "SPRING_PROFILES_ACTIVE",
            "PIXTOOLS_ROLES",
            "POSTGRES_URL",
            "POSTGRES_USER",
            "RABBITMQ_HOST",
            "RABBITMQ_PORT",
            "RABBITMQ_USER",
            "REDIS_HOST",
            "REDIS_PORT",
            "S3_ENDPOINT",
            "S3_REGION",
            "S3_BUCKET",
            "PIXTOOLS_API_PUBLIC_URL",
            "SPRING_FLYWAY_ENABLED",
            "PIXTOOLS_WORKERS_STANDARD_CONCURRENCY",
            "PIXTOOLS_WORKERS_ML_CONCURRENCY",
            "PIXTOOLS_DATA_DIR");
    /** Deployment name to role (PIXTOOLS_ROLES). */
    private static final Map<String, String> ROLES = Map.of(
            "pixtools-api",
            "api",
            "pixtools-worker-standard",
            "worker-standard",
            "pixtools-worker-ml",
            "worker-ml",
            "pixtools-scheduler",
            "scheduler");
    /** Deployment name to {cpu request, memory request, cpu limit, memory limit}. */
    private static final Map<String, List<String>> RESOURCES = Map.of(
            "pixtools-api", List.of("500m", "1Gi", "2", "2Gi"),
            "pixtools-worker-standard", List.of("1", "1.5Gi", "2", "3Gi"),
            "pixtools-worker-ml", List.of("2", "3Gi", "4", "6Gi"),
            "pixtools-scheduler", List.of("200m", "512Mi", "1", "1Gi"));
    /** The worker Deployments and the queue each consumes (application-distributed.yaml). */
    private static final Map<String, String> QUEUES =
            Map.of("pixtools-worker-standard", "default_queue", "pixtools-worker-ml", "ml_inference_queue");

    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("Job", "batch/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("Ingress", "networking.k8s.io/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("ScaledObject", "keda.sh/v1alpha1"));
    private static final Map<String, Class<?>> MODELS = Map.of(
            "Namespace",
            Namespace.class,
            "ConfigMap",
            ConfigMap.class,
            "Service",
            Service.class,
            "Deployment",
            Deployment.class,
            "StatefulSet",
            StatefulSet.class,
            "Job",
            Job.class,
            "HorizontalPodAutoscaler",
            HorizontalPodAutoscaler.class,
            "PodDisruptionBudget",
            PodDisruptionBudget.class,
            "Ingress",
            Ingress.class,
            "NetworkPolicy",
            NetworkPolicy.class);
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final long USER = 10001L;

    // --- helpers ----------------------------------------------------------------------------------------------------

    private static Map<String, Deployment> deployments(List<Manifest> manifests) {
        Map<String, Deployment> byName = new LinkedHashMap<>();
        all(manifests, "Deployment", Deployment.class)
                .forEach(d -> byName.put(d.getMetadata().getName(), d));
        return byName;
    }

    /** Every pod template of PixTools' own image (Deployments and the Job), by "Kind name". */
    private static Map<String, PodSpec> pixtoolsPods(List<Manifest> manifests) {
        Map<String, PodSpec> specs = new LinkedHashMap<>();
        all(manifests, "Deployment", Deployment.class)
                .forEach(d -> specs.put(
                        "Deployment " + d.getMetadata().getName(),
                        d.getSpec().getTemplate().getSpec()));
        all(manifests, "Job", Job.class)
                .forEach(j -> specs.put(
                        "Job " + j.getMetadata().getName(),
                        j.getSpec().getTemplate().getSpec()));
        return specs;
    }

    /** Every pod template, with its labels: PixTools' and the in-cluster dependencies'. */
    private static Map<String, Map<String, String>> podLabels(List<Manifest> manifests) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        all(manifests, "Deployment", Deployment.class)
                .forEach(d -> labels.put(
                        d.getMetadata().getName(),
                        d.getSpec().getTemplate().getMetadata().getLabels()));
        all(manifests, "StatefulSet", StatefulSet.class)
                .forEach(s -> labels.put(
                        s.getMetadata().getName(),
                        s.getSpec().getTemplate().getMetadata().getLabels()));
        all(manifests, "Job", Job.class)
                .forEach(j -> labels.put(
                        j.getMetadata().getName(),
                        j.getSpec().getTemplate().getMetadata().getLabels()));
        return labels;
    }

    private static Container container(PodSpec spec) {
        assertThat(spec.getContainers()).hasSize(1);
        return spec.getContainers().getFirst();
    }

    private static String literal(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .map(EnvVar::getValue)
                .orElse(null);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static Map<String, String> exampleSettings() throws IOException {
        Map<String, String> settings = new HashMap<>();
        for (String line : Files.readAllLines(RenderedManifests.EXAMPLE_SETTINGS)) {
            if (!line.startsWith("#") && line.contains("=")) {
                settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return settings;
    }

    // --- what is rendered -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsOfAKnownKindInThePixtoolsNamespaceAndDefinedOnce(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        Set<String> seen = new LinkedHashSet<>();
        for (Manifest manifest : manifests) {
            assertThat(API_VERSIONS).as("kind of %s", manifest).containsKey(manifest.kind());
            assertThat(manifest.apiVersion())
                    .as("apiVersion of %s", manifest)
                    .isEqualTo(API_VERSIONS.get(manifest.kind()));
            assertThat(seen.add(manifest.kind() + "/" + manifest.name()))
                    .as("%s is defined once", manifest)
                    .isTrue();
            if (manifest.kind().equals("Namespace")) {
                assertThat(manifest.name()).isEqualTo(NAMESPACE);
            } else {
                assertThat(manifest.metadata().get("namespace"))
                        .as("namespace of %s", manifest)
                        .isEqualTo(NAMESPACE);
            }
        }
        assertThat(seen)
                .contains(
                        "Namespace/" + NAMESPACE,
                        "Ingress/pixtools",
                        "Job/pixtools-migrate",
                        "StatefulSet/rabbitmq",
                        "StatefulSet/redis",
                        "NetworkPolicy/default-deny");
        assertThat(Files.readString(renderedFile(overlay)))
                .as("no kustomize var left unresolved")
                .doesNotContain("$(");
    }

    private static Path renderedFile(String overlay) throws Exception {
        Path out = Files.createTempFile("pixtools-rendered", ".yaml");
        out.toFile().deleteOnExit();
        Result result = RenderedManifests.deploy(
                "--overlay",
                overlay,
                "--image",
                IMAGE,
                "--settings",
                RenderedManifests.EXAMPLE_SETTINGS.toString(),
                "--render-only",
                out.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return out;
    }

    /** A misspelt field (readinesProbe, secretKeyref) would be silently ignored by Kubernetes' lenient clients. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyFieldIsKnownToTheKubernetesModel(String overlay) throws Exception {
        List<String> unknown = new ArrayList<>();
        for (Manifest manifest : deployed(overlay)) {
            if (MODELS.containsKey(manifest.kind())) {
                collectUnknownFields(manifest.as(MODELS.get(manifest.kind())), manifest.toString(), unknown);
            }
        }
        assertThat(unknown).as("fields the Kubernetes model does not know").isEmpty();
        // KEDA's ScaledObject has no fabric8 model: its fields are checked against KEDA's documented spec.
        for (Manifest scaled : ofKind(deployed(overlay), "ScaledObject")) {
            assertThat(scaled.spec().keySet())
                    .as("%s spec", scaled)
                    .isSubsetOf(
                            "scaleTargetRef",
                            "minReplicaCount",
                            "maxReplicaCount",
                            "pollingInterval",
                            "cooldownPeriod",
                            "advanced",
                            "triggers",
                            "fallback",
                            "idleReplicaCount");
        }
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
        if (value == null
                || value instanceof Quantity
                || value instanceof IntOrString
                || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
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

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theFourRolesRunTheImageByDigestEachWithItsRole(String overlay) throws Exception {
        Map<String, Deployment> deployments = deployments(deployed(overlay));
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(ROLES.keySet());
        for (Deployment deployment : deployments.values()) {
            String name = deployment.getMetadata().getName();
            Container container = container(deployment.getSpec().getTemplate().getSpec());
            assertThat(container.getImage()).as("image of %s", name).isEqualTo(IMAGE);
            assertThat(literal(container, "PIXTOOLS_ROLES"))
                    .as("PIXTOOLS_ROLES of %s", name)
                    .isEqualTo(ROLES.get(name));
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .as("selector of %s matches its pod template", name)
                    .isNotEmpty()
                    .allSatisfy((k, v) -> assertThat(deployment
                                    .getSpec()
                                    .getTemplate()
                                    .getMetadata()
                                    .getLabels())
                            .containsEntry(k, v));
        }
        for (StatefulSet set : all(deployed(overlay), "StatefulSet", StatefulSet.class)) {
            assertThat(container(set.getSpec().getTemplate().getSpec()).getImage())
                    .as("image of %s is pinned to a version", set.getMetadata().getName())
                    .matches("[a-z0-9./-]+:[0-9]+\\.[0-9]+\\.[0-9]+.*|[a-z0-9./-]+@sha256:[0-9a-f]{64}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentHasStartupLivenessAndReadinessProbesOnTheActuator(String overlay) throws Exception {
        for (Deployment deployment : deployments(deployed(overlay)).values()) {
            String name = deployment.getMetadata().getName();
            Container container = container(deployment.getSpec().getTemplate().getSpec());
            assertProbe(name + " startup", container.getStartupProbe(), LIVENESS, container);
            assertProbe(name + " liveness", container.getLivenessProbe(), LIVENESS, container);
            assertProbe(name + " readiness", container.getReadinessProbe(), READINESS, container);
            Probe startup = container.getStartupProbe();
            assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                    .as("%s startup budget", name)
                    .isGreaterThanOrEqualTo(60);
        }
        for (StatefulSet set : all(deployed(overlay), "StatefulSet", StatefulSet.class)) {
            Container container = container(set.getSpec().getTemplate().getSpec());
            assertThat(container.getReadinessProbe())
                    .as("readiness of %s", set.getMetadata().getName())
                    .isNotNull();
            assertThat(container.getLivenessProbe())
                    .as("liveness of %s", set.getMetadata().getName())
                    .isNotNull();
        }
    }

    private static void assertProbe(String what, Probe probe, String path, Container container) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what + " is an HTTP GET").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(path);
        assertThat(portNumber(probe.getHttpGet().getPort(), container))
                .as(what + " port")
                .isEqualTo(8080);
    }

    private static int portNumber(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodRequestsAndLimitsCpuAndMemory(String overlay) throws Exception {
        for (Deployment deployment : deployments(deployed(overlay)).values()) {
            String name = deployment.getMetadata().getName();
            var resources =
                    container(deployment.getSpec().getTemplate().getSpec()).getResources();
            List<String> expected = RESOURCES.get(name);
            assertSameQuantity(name + " cpu request", resources.getRequests().get("cpu"), expected.get(0));
            assertSameQuantity(name + " memory request", resources.getRequests().get("memory"), expected.get(1));
            assertSameQuantity(name + " cpu limit", resources.getLimits().get("cpu"), expected.get(2));
            assertSameQuantity(name + " memory limit", resources.getLimits().get("memory"), expected.get(3));
        }
        List<PodSpec> others = new ArrayList<>();
        all(deployed(overlay), "Job", Job.class)
                .forEach(j -> others.add(j.getSpec().getTemplate().getSpec()));
        all(deployed(overlay), "StatefulSet", StatefulSet.class)
                .forEach(s -> others.add(s.getSpec().getTemplate().getSpec()));
        for (PodSpec spec : others) {
            var resources = container(spec).getResources();
            assertThat(resources.getRequests()).containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        }
    }

    private static void assertSameQuantity(String what, Quantity actual, String expected) {
        assertThat(actual).as(what).isNotNull();
        assertThat(Quantity.getAmountInBytes(actual))
                .as(what + " (" + actual + ")")
                .isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity(expected)));
    }

    /** The namespace enforces Pod Security "restricted": a pod that does not meet it is never created. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodMeetsTheRestrictedPodSecurityProfile(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        Namespace namespace = all(manifests, "Namespace", Namespace.class).getFirst();
        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        Map<String, PodSpec> pods = new LinkedHashMap<>(pixtoolsPods(manifests));
        all(manifests, "StatefulSet", StatefulSet.class)
                .forEach(s -> pods.put(
                        "StatefulSet " + s.getMetadata().getName(),
                        s.getSpec().getTemplate().getSpec()));
        assertThat(pods).hasSize(ROLES.size() + 3);
        pods.forEach((what, spec) -> {
            PodSecurityContext pod = Objects.requireNonNullElse(spec.getSecurityContext(), new PodSecurityContext());
            for (Container container : spec.getContainers()) {
                SecurityContext sc = container.getSecurityContext();
                assertThat(sc).as("%s container securityContext", what).isNotNull();
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
                SeccompProfile seccomp =
                        sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
                assertThat(nonRoot).as("%s runAsNonRoot", what).isTrue();
                assertThat(user).as("%s runAsUser", what).isNotNull().isPositive();
                assertThat(seccomp).as("%s seccompProfile", what).isNotNull();
                assertThat(seccomp.getType()).as("%s seccompProfile", what).isEqualTo("RuntimeDefault");
                assertThat(sc.getAllowPrivilegeEscalation())
                        .as("%s allowPrivilegeEscalation", what)
                        .isFalse();
                assertThat(sc.getPrivileged()).as("%s privileged", what).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities().getDrop())
                        .as("%s drops every capability", what)
                        .contains("ALL");
                assertThat(sc.getCapabilities().getAdd())
                        .as("%s adds no capability", what)
                        .isNullOrEmpty();
            }
            assertThat(spec.getHostNetwork()).as("%s hostNetwork", what).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getHostPID()).as("%s hostPID", what).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getAutomountServiceAccountToken())
                    .as("%s mounts no API token", what)
                    .isFalse();
            assertThat(spec.getVolumes()).as("%s volumes", what).noneMatch(v -> v.getHostPath() != null);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void pixtoolsPodsRunAsUser10001AndWriteOnlyToTheirEmptyDirs(String overlay) throws Exception {
        pixtoolsPods(deployed(overlay)).forEach((what, spec) -> {
            Container container = container(spec);
            SecurityContext sc = container.getSecurityContext();
            assertThat(
                            sc.getRunAsUser() != null
                                    ? sc.getRunAsUser()
                                    : spec.getSecurityContext().getRunAsUser())
                    .as("%s runAsUser", what)
                    .isEqualTo(USER);
            assertThat(sc.getReadOnlyRootFilesystem())
                    .as("%s readOnlyRootFilesystem", what)
                    .isTrue();
            Map<String, String> mounts = new HashMap<>();
            for (VolumeMount mount : container.getVolumeMounts()) {
                mounts.put(mount.getMountPath(), mount.getName());
            }
            assertThat(mounts).as("%s mounts", what).containsOnlyKeys("/var/lib/pixtools", "/tmp");
            for (String volumeName : mounts.values()) {
                Volume volume = spec.getVolumes().stream()
                        .filter(v -> v.getName().equals(volumeName))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(what + ": no volume " + volumeName));
                assertThat(volume.getEmptyDir())
                        .as("%s volume %s is an emptyDir", what, volumeName)
                        .isNotNull();
            }
        });
    }

    // --- configuration ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableIsALiteralOrComesFromTheConfigMapOrTheOutOfBandSecret(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        ConfigMap configMap = configMap(manifests);
        Set<String> secretKeysUsed = new LinkedHashSet<>();
        List<Container> containers = new ArrayList<>();
        pixtoolsPods(manifests).values().forEach(spec -> containers.addAll(spec.getContainers()));
        all(manifests, "StatefulSet", StatefulSet.class)
                .forEach(s ->
                        containers.addAll(s.getSpec().getTemplate().getSpec().getContainers()));
        for (Container container : containers) {
            for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
                assertThat(from.getConfigMapRef())
                        .as("%s envFrom is the ConfigMap", container.getName())
                        .isNotNull();
                assertThat(from.getConfigMapRef().getName())
                        .isEqualTo(configMap.getMetadata().getName());
            }
            for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
                EnvVarSource source = var.getValueFrom();
                if (source == null) {
                    continue;
                }
                assertThat(source.getSecretKeyRef())
                        .as("%s %s comes from the Secret", container.getName(), var.getName())
                        .isNotNull();
                assertThat(source.getSecretKeyRef().getName()).isEqualTo(SECRET);
                assertThat(source.getSecretKeyRef().getKey()).isIn(SECRET_KEYS);
                assertThat(source.getSecretKeyRef().getOptional())
                        .as("%s %s is required", container.getName(), var.getName())
                        .isNotEqualTo(Boolean.TRUE);
                secretKeysUsed.add(source.getSecretKeyRef().getKey());
            }
        }
        assertThat(secretKeysUsed).as("keys read from %s", SECRET).containsExactlyInAnyOrderElementsOf(SECRET_KEYS);
        String syncSecrets = Files.readString(MANIFESTS.resolve("sync-secrets.sh"));
        assertThat(SECRET_KEYS)
                .as("sync-secrets.sh copies every key the pods read")
                .allSatisfy(key -> assertThat(syncSecrets).containsPattern("REQUIRED_KEYS='[^']*\\b" + key + "\\b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConfigMapHoldsEverySettingAndTheEnvironmentsValuesButNoSecret(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        ConfigMap configMap = configMap(manifests);
        assertThat(configMap.getData().keySet())
                .as("the ConfigMap holds no secret")
                .doesNotContainAnyElementsOf(SECRET_KEYS)
                .noneMatch(key -> key.contains("PASSWORD") || key.contains("SECRET"));
        Map<String, String> example = exampleSettings();
        assertThat(configMap.getData())
                .containsEntry("SPRING_PROFILES_ACTIVE", "distributed")
                .containsEntry("SPRING_FLYWAY_ENABLED", "false")
                .containsEntry("S3_ENDPOINT", "")
                .containsEntry("POSTGRES_URL", example.get("postgres_jdbc_url"))
                .containsEntry("S3_BUCKET", example.get("s3_bucket"))
                .containsEntry("S3_REGION", example.get("region"))
                .containsEntry("PIXTOOLS_API_PUBLIC_URL", example.get("public_url"))
                .containsEntry("RABBITMQ_HOST", example.get("rabbitmq_host") + ".pixtools.svc.cluster.local")
                .containsEntry("ENVIRONMENT", example.get("environment"));
        Map<String, String> secrets = new HashMap<>();
        SECRET_KEYS.forEach(key -> secrets.put(key, "<secret>"));
        for (Map.Entry<String, PodSpec> entry : pixtoolsPods(manifests).entrySet()) {
            Map<String, String> env = RenderedManifests.environment(manifests, container(entry.getValue()), secrets);
            assertThat(env)
                    .as("environment of %s", entry.getKey())
                    .containsKeys(SETTINGS.toArray(String[]::new))
                    .containsKeys(SECRET_KEYS.stream()
                            .filter(k -> !k.equals(API_KEYS))
                            .toArray(String[]::new));
            if (entry.getKey().equals("Deployment pixtools-api")) {
                assertThat(env).as("the API reads its keys").containsKey(API_KEYS);
            } else {
                assertThat(env)
                        .as("only the API gets the API keys (%s)", entry.getKey())
                        .doesNotContainKey(API_KEYS);
            }
            if (entry.getKey().startsWith("Deployment ")) {
                assertThat(env.get("SPRING_FLYWAY_ENABLED"))
                        .as("only the migration Job migrates (%s)", entry.getKey())
                        .isEqualTo("false");
            }
        }
    }

    @Test
    void noSecretWithValuesIsCommitted() throws IOException {
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertThat(text)
                        .as("%s creates no Secret with literals", file)
                        .doesNotContainPattern("--from-literal=[A-Z_]+=[^\"$\\s]")
                        .doesNotContainPattern("(?m)^kind: Secret$")
                        .doesNotContainPattern("secretGenerator");
            }
        }
    }

    // --- services, scaling, budgets ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theApiServiceSelectsTheApiPodsOnlyAndEveryServiceSelectsSomePods(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        Map<String, Deployment> deployments = deployments(manifests);
        Map<String, String> apiLabels = deployments
                .get("pixtools-api")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels();
        List<Service> services = all(manifests, "Service", Service.class);
        Service api = services.stream()
                .filter(s -> s.getMetadata().getName().equals("pixtools-api"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Service pixtools-api"));
        assertThat(selects(api.getSpec().getSelector(), apiLabels))
                .as("pixtools-api selects the api pods")
                .isTrue();
        deployments.forEach((name, deployment) -> {
            if (!name.equals("pixtools-api")) {
                assertThat(selects(
                                api.getSpec().getSelector(),
                                deployment.getSpec().getTemplate().getMetadata().getLabels()))
                        .as("pixtools-api does not select the pods of %s", name)
                        .isFalse();
            }
        });
        Container apiContainer = container(
                deployments.get("pixtools-api").getSpec().getTemplate().getSpec());
        for (ServicePort port : api.getSpec().getPorts()) {
            assertThat(portNumber(port.getTargetPort(), apiContainer))
                    .as("pixtools-api targets the HTTP port")
                    .isEqualTo(8080);
        }
        Collection<Map<String, String>> pods = podLabels(manifests).values();
        for (Service service : services) {
            assertThat(pods)
                    .as("Service %s selects some pods", service.getMetadata().getName())
                    .anySatisfy(labels -> assertThat(selects(service.getSpec().getSelector(), labels))
                            .isTrue());
        }
        // The in-cluster RabbitMQ and Redis are reachable under the host names the pods are given.
        Map<String, String> config = configMap(manifests).getData();
        for (String host : List.of(config.get("RABBITMQ_HOST"), config.get("REDIS_HOST"))) {
            assertThat(services)
                    .extracting(s -> s.getMetadata().getName() + ".pixtools.svc.cluster.local")
                    .contains(host);
        }
    }

    /** The workers scale on the work waiting in their queue (KEDA), not on CPU; the API on CPU. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    @SuppressWarnings("unchecked")
    void theWorkersScaleOnTheirQueueLengthAndLeaveTheirReplicasToKeda(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        Map<String, Deployment> deployments = deployments(manifests);
        List<Manifest> scaled = ofKind(manifests, "ScaledObject");
        assertThat(scaled).extracting(Manifest::name).containsExactlyInAnyOrderElementsOf(QUEUES.keySet());
        assertThat(all(manifests, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class))
                .extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .as("KEDA owns the workers' HPAs; a second HPA on the same Deployment would fight it")
                .containsExactly("pixtools-api");
        Map<String, String> config = configMap(manifests).getData();
        for (Manifest object : scaled) {
            Map<String, Object> spec = object.spec();
            String target = String.valueOf(((Map<String, Object>) spec.get("scaleTargetRef")).get("name"));
            assertThat(deployments)
                    .as("%s scales an existing Deployment", object)
                    .containsKey(target);
            assertThat(deployments.get(target).getSpec().getReplicas())
                    .as("%s leaves its replicas to KEDA", target)
                    .isNull();
            assertThat((Integer) spec.get("minReplicaCount"))
                    .as("%s keeps a consumer on its queue", object)
                    .isPositive();
            assertThat((Integer) spec.get("maxReplicaCount"))
                    .isGreaterThanOrEqualTo((Integer) spec.get("minReplicaCount"));
            List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
            assertThat(triggers).hasSize(1);
            assertThat(triggers.getFirst().get("type")).isEqualTo("rabbitmq");
            Map<String, Object> metadata =
                    (Map<String, Object>) triggers.getFirst().get("metadata");
            assertThat(metadata)
                    .containsEntry("queueName", QUEUES.get(target))
                    .containsEntry("mode", "QueueLength")
                    .containsEntry(
                            "host", "amqp://" + config.get("RABBITMQ_HOST") + ":" + config.get("RABBITMQ_PORT") + "/")
                    .containsEntry("vhostName", config.get("RABBITMQ_VHOST"));
            assertThat(new BigDecimal(String.valueOf(metadata.get("value")))).isPositive();
            Map<String, String> env =
                    RenderedManifests.environment(manifests, target, Map.of("RABBITMQ_PASSWORD", "x"));
            assertThat(env)
                    .as("KEDA reads the credentials from %s's own environment", target)
                    .containsKeys(
                            String.valueOf(metadata.get("usernameFromEnv")),
                            String.valueOf(metadata.get("passwordFromEnv")));
        }
        HorizontalPodAutoscaler api = all(manifests, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class)
                .getFirst();
        assertThat(api.getSpec().getMinReplicas())
                .as("two API pods, so that one can be replaced")
                .isGreaterThanOrEqualTo(2);
        assertThat(deployments.get("pixtools-api").getSpec().getReplicas()).isNull();
    }

    /**
     * Every Deployment at its ceiling (plus one surge pod each during a rollout), the dependencies and the add-ons
     * fit in the node group Terraform lets the cluster autoscaler grow to. Regression: ceilings asked for 19.2 vCPU
     * on a node group that never grew past 8.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    @SuppressWarnings("unchecked")
    void theCeilingsFitTheNodeGroup(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        Map<String, Integer> ceilings = new HashMap<>();
        ceilings.put("pixtools-scheduler", 1);
        all(manifests, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class)
                .forEach(h -> ceilings.put(
                        h.getSpec().getScaleTargetRef().getName(), h.getSpec().getMaxReplicas()));
        for (Manifest scaled : ofKind(manifests, "ScaledObject")) {
            ceilings.put(
                    String.valueOf(((Map<String, Object>) scaled.spec().get("scaleTargetRef")).get("name")),
                    (Integer) scaled.spec().get("maxReplicaCount"));
        }
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        BigDecimal largestSurgeCpu = BigDecimal.ZERO;
        BigDecimal largestSurgeMemory = BigDecimal.ZERO;
        for (Deployment deployment : deployments(manifests).values()) {
            var requests = container(deployment.getSpec().getTemplate().getSpec())
                    .getResources()
                    .getRequests();
            BigDecimal podCpu = Quantity.getAmountInBytes(requests.get("cpu"));
            BigDecimal podMemory = Quantity.getAmountInBytes(requests.get("memory"));
            int pods = ceilings.get(deployment.getMetadata().getName());
            cpu = cpu.add(podCpu.multiply(BigDecimal.valueOf(pods)));
            memory = memory.add(podMemory.multiply(BigDecimal.valueOf(pods)));
            largestSurgeCpu = largestSurgeCpu.max(podCpu);
            largestSurgeMemory = largestSurgeMemory.max(podMemory);
        }
        for (StatefulSet set : all(manifests, "StatefulSet", StatefulSet.class)) {
            var requests = container(set.getSpec().getTemplate().getSpec())
                    .getResources()
                    .getRequests();
            cpu = cpu.add(Quantity.getAmountInBytes(requests.get("cpu")));
            memory = memory.add(Quantity.getAmountInBytes(requests.get("memory")));
        }
        cpu = cpu.add(largestSurgeCpu);
        memory = memory.add(largestSurgeMemory);

        NodeGroup nodes = NodeGroup.of(overlay);
        // Per node: the K3s server (API server, datastore client, kubelet) and the DaemonSet-free add-ons' share
        // (KEDA, the load balancer controller, the cluster autoscaler, CoreDNS, metrics-server): 1 vCPU, 2 GiB.
        BigDecimal allocatableCpu = BigDecimal.valueOf((long) nodes.maxSize() * (nodes.vcpus() - 1));
        BigDecimal allocatableMemory = BigDecimal.valueOf((long) nodes.maxSize() * (nodes.memoryGiB() - 2))
                .multiply(BigDecimal.valueOf(1L << 30));
        assertThat(cpu)
                .as("CPU requested at the ceilings of %s vs %s allocatable on %s", overlay, allocatableCpu, nodes)
                .isLessThanOrEqualTo(allocatableCpu);
        assertThat(memory)
                .as("memory requested at the ceilings of %s vs %s allocatable on %s", overlay, allocatableMemory, nodes)
                .isLessThanOrEqualTo(allocatableMemory);
        // No single pod is bigger than a node.
        assertThat(largestSurgeCpu).isLessThanOrEqualTo(BigDecimal.valueOf(nodes.vcpus() - 1));
    }

    /** The node group an overlay runs on: dev.tfvars for dev, the variables' defaults for prod. */
    record NodeGroup(int maxSize, int vcpus, int memoryGiB) {

        private static final Map<String, Integer> SIZES = Map.of("large", 2, "xlarge", 4, "2xlarge", 8, "4xlarge", 16);
        /** GiB per vCPU of the general purpose (m), compute (c) and memory (r) families. */
        private static final Map<Character, Integer> MEMORY_PER_VCPU = Map.of('m', 4, 'c', 2, 'r', 8);

        static NodeGroup of(String overlay) throws IOException {
            String variables = Files.readString(RepositoryFiles.path("terraform/variables.tf"));
            String tfvars = overlay.equals("dev") ? Files.readString(RepositoryFiles.path("terraform/dev.tfvars")) : "";
            int maxSize = Integer.parseInt(value(tfvars, variables, "k3s_max_size", "[0-9]+"));
            String types = value(tfvars, variables, "k3s_instance_types", "\\[[^]]*]");
            int vcpus = Integer.MAX_VALUE;
            int memory = Integer.MAX_VALUE;
            Matcher type =
                    Pattern.compile("\"([a-z])[0-9][a-z]*\\.([0-9]*x?large)\"").matcher(types);
            while (type.find()) {
                int size = SIZES.get(type.group(2));
                vcpus = Math.min(vcpus, size);
                memory = Math.min(
                        memory, size * MEMORY_PER_VCPU.get(type.group(1).charAt(0)));
            }
            assertThat(vcpus).as("instance types of %s", overlay).isLessThan(Integer.MAX_VALUE);
            return new NodeGroup(maxSize, vcpus, memory);
        }

        private static String value(String tfvars, String variables, String name, String pattern) {
            Matcher given = Pattern.compile("(?m)^" + name + "\\s*=\\s*(" + pattern + ")")
                    .matcher(tfvars);
            if (given.find()) {
                return given.group(1);
            }
            Matcher declared = Pattern.compile(
                            "variable \"" + name + "\"\\s*\\{[^}]*?default\\s*=\\s*(" + pattern + ")", Pattern.DOTALL)
                    .matcher(variables);
            assertThat(declared.find())
                    .as("default of %s in variables.tf", name)
                    .isTrue();
            return declared.group(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void disruptionBudgetsSelectTheApiAndWorkerPods(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        Map<String, Deployment> deployments = deployments(manifests);
        List<PodDisruptionBudget> budgets = all(manifests, "PodDisruptionBudget", PodDisruptionBudget.class);
        for (String name : List.of("pixtools-api", "pixtools-worker-standard", "pixtools-worker-ml")) {
            Map<String, String> labels =
                    deployments.get(name).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(budgets)
                    .as("a PodDisruptionBudget for %s", name)
                    .anySatisfy(
                            b -> assertThat(selects(b.getSpec().getSelector().getMatchLabels(), labels))
                                    .isTrue());
        }
        for (PodDisruptionBudget budget : budgets) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            assertThat(deployments.values().stream()
                            .filter(d -> selects(
                                    selector,
                                    d.getSpec().getTemplate().getMetadata().getLabels()))
                            .count())
                    .as(
                            "PDB %s selects the pods of exactly one Deployment",
                            budget.getMetadata().getName())
                    .isEqualTo(1);
        }
    }

    // --- entry point and migration ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressRoutesToTheApiServiceThroughAnInternetFacingAlbWithTheEnvironmentsValues(String overlay)
            throws Exception {
        List<Manifest> manifests = deployed(overlay);
        Map<String, String> example = exampleSettings();
        List<Ingress> ingresses = all(manifests, "Ingress", Ingress.class);
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.getFirst();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        assertThat(annotations)
                .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing")
                .containsEntry("alb.ingress.kubernetes.io/target-type", example.get("alb_target_type"))
                .containsEntry("alb.ingress.kubernetes.io/certificate-arn", example.get("certificate_arn"))
                .containsEntry("alb.ingress.kubernetes.io/security-groups", example.get("alb_security_group_id"))
                .containsEntry("alb.ingress.kubernetes.io/load-balancer-name", "pixtools-" + example.get("environment"))
                .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", READINESS);
        JsonNode listenPorts = JSON.readTree(annotations.get("alb.ingress.kubernetes.io/listen-ports"));
        List<String> listeners = new ArrayList<>();
        listenPorts.forEach(port -> port.properties()
                .forEach(e -> listeners.add(e.getKey() + ":" + e.getValue().asInt())));
        assertThat(listeners).containsExactlyInAnyOrder("HTTP:80", "HTTPS:443");

        Service api = all(manifests, "Service", Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals("pixtools-api"))
                .findFirst()
                .orElseThrow();
        List<IngressServiceBackend> toApi = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertThat(rule.getHost()).isEqualTo(example.get("ingress_host"));
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                IngressServiceBackend backend = path.getBackend().getService();
                if ("use-annotation".equals(backend.getPort().getName())) {
                    assertThat(annotations).containsKey("alb.ingress.kubernetes.io/actions." + backend.getName());
                    continue;
                }
                assertThat(backend.getName())
                        .as("backend of %s", path.getPath())
                        .isEqualTo("pixtools-api");
                assertThat(api.getSpec().getPorts())
                        .anySatisfy(p -> assertThat(backend.getPort().getName()).isEqualTo(p.getName()));
                toApi.add(backend);
            }
        }
        assertThat(toApi).as("the Ingress routes to the api Service").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theMigrationJobRunsTheMigrateRoleOfTheSameImageWithFlywayOn(String overlay) throws Exception {
        List<Manifest> manifests = deployed(overlay);
        List<Job> jobs = all(manifests, "Job", Job.class);
        assertThat(jobs).hasSize(1);
        Job job = jobs.getFirst();
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        Container container = container(spec);
        assertThat(literal(container, "PIXTOOLS_ROLES")).isEqualTo("migrate");
        assertThat(literal(container, "SPRING_FLYWAY_ENABLED")).isEqualTo("true");
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getBackoffLimit()).isNotNull().isBetween(0, 5);
        // deploy.sh applies it by this label before anything else, and the namespace and ConfigMap before it.
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "migrate");
        assertThat(manifests)
                .filteredOn(m -> "prepare".equals(labels(m).get("pixtools.io/deploy-phase")))
                .extracting(Manifest::kind)
                .containsExactlyInAnyOrder("Namespace", "ConfigMap");
        assertThat(manifests)
                .filteredOn(m -> "migrate".equals(labels(m).get("app.kubernetes.io/component")))
                .extracting(Manifest::kind)
                .containsExactly("Job");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Manifest manifest) {
        return Objects.requireNonNullElse(
                (Map<String, String>) manifest.metadata().get("labels"), Map.of());
    }

    // --- the overlays, deploy.sh and the cluster add-ons ------------------------------------------------------------

    /**
     * Both overlays render with plain kubectl kustomize too, and differ only where they should: scale, and the
     * settings (the ConfigMap, the pods that name its hashed name, the Ingress's ALB name from ENVIRONMENT).
     */
    @Test
    void bothOverlaysRenderWithKubectlKustomizeAndDifferOnlyInScaleAndSettings() throws Exception {
        List<Manifest> dev = kustomize(MANIFESTS.resolve("overlays/dev"));
        List<Manifest> prod = kustomize(MANIFESTS.resolve("overlays/prod"));
        assertThat(dev)
                .extracting(m -> m.kind() + "/" + (m.kind().equals("ConfigMap") ? "config" : m.name()))
                .containsExactlyInAnyOrderElementsOf(prod.stream()
                        .map(m -> m.kind() + "/" + (m.kind().equals("ConfigMap") ? "config" : m.name()))
                        .toList());
        Map<String, Map<String, Object>> prodByName = new HashMap<>();
        prod.forEach(m -> prodByName.put(m.kind() + "/" + m.name(), m.raw()));
        List<String> differing = new ArrayList<>();
        for (Manifest manifest : dev) {
            if (!manifest.kind().equals("ConfigMap")
                    && !manifest.raw().equals(prodByName.get(manifest.kind() + "/" + manifest.name()))) {
                differing.add(manifest.kind() + "/" + manifest.name());
            }
        }
        assertThat(differing)
                .as("objects that differ between dev and prod, besides the settings")
                .isSubsetOf(
                        "HorizontalPodAutoscaler/pixtools-api",
                        "ScaledObject/pixtools-worker-standard",
                        "ScaledObject/pixtools-worker-ml",
                        "Deployment/pixtools-api",
                        "Deployment/pixtools-worker-standard",
                        "Deployment/pixtools-worker-ml",
                        "Deployment/pixtools-scheduler",
                        "Job/pixtools-migrate",
                        "Ingress/pixtools")
                .contains("ScaledObject/pixtools-worker-standard");
    }

    @Test
    void deployRefusesAnImageWithoutADigestAMissingSettingAndABadValue(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.yaml");
        Result tagged = RenderedManifests.deploy(
                "--overlay",
                "dev",
                "--image",
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/pixtools-dev:latest",
                "--settings",
                RenderedManifests.EXAMPLE_SETTINGS.toString(),
                "--render-only",
                out.toString());
        assertThat(tagged.exitCode()).isEqualTo(2);
        assertThat(tagged.stderr()).contains("--image").contains("sha256");

        String example = Files.readString(RenderedManifests.EXAMPLE_SETTINGS);
        Path missing = Files.writeString(tmp.resolve("missing.env"), example.replaceAll("(?m)^s3_bucket=.*$", ""));
        Result noBucket = RenderedManifests.deploy(
                "--overlay",
                "dev",
                "--image",
                IMAGE,
                "--settings",
                missing.toString(),
                "--render-only",
                out.toString());
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.stderr()).contains("s3_bucket").contains("missing");

        Path hostile = Files.writeString(
                tmp.resolve("hostile.env"),
                example.replaceAll("(?m)^ingress_host=.*$", "ingress_host=evil.example.com\\\\nkind: Secret"));
        Result injected = RenderedManifests.deploy(
                "--overlay",
                "dev",
                "--image",
                IMAGE,
                "--settings",
                hostile.toString(),
                "--render-only",
                out.toString());
        assertThat(injected.exitCode()).isEqualTo(2);
        assertThat(injected.stderr()).contains("ingress_host");

        Result unknownOverlay = RenderedManifests.deploy(
                "--overlay",
                "staging",
                "--image",
                IMAGE,
                "--settings",
                RenderedManifests.EXAMPLE_SETTINGS.toString(),
                "--render-only",
                out.toString());
        assertThat(unknownOverlay.exitCode()).isEqualTo(2);
        assertThat(unknownOverlay.stderr()).contains("overlays/staging");
        assertThat(out).doesNotExist();
    }

    @Test
    void kedaIsInstalledByTheK3sHelmControllerFromAPinnedChart() throws Exception {
        List<Manifest> cluster = kustomize(MANIFESTS.resolve("cluster"));
        assertThat(cluster).extracting(Manifest::kind).containsExactly("HelmChart");
        Manifest keda = cluster.getFirst();
        assertThat(keda.apiVersion()).isEqualTo("helm.cattle.io/v1");
        assertThat(keda.metadata()).containsEntry("namespace", "kube-system");
        assertThat(keda.spec())
                .containsEntry("chart", "keda")
                .containsEntry("repo", "https://kedacore.github.io/charts")
                .containsEntry("targetNamespace", "keda");
        assertThat(String.valueOf(keda.spec().get("version"))).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
    }
}
