package io.pixtools.app.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub Actions workflows cannot run here; they are parsed and held to their jobs: CI runs the tests, static
 * analysis and both vulnerability scans; cd-dev deploys every push to main that passed CI, by digest, and smoke-tests it; cd-prod is
 * started by hand and waits for the production environment's reviewers.
 */
class WorkflowsTests {

    private static final Path WORKFLOWS = Path.of(".github/workflows");
    /** owner/repo[/path]@ref, with a version tag (v4, 0.28.0) or a commit SHA as ref. */
    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w./-]+@(v\\d+(\\.\\d+){0,2}|\\d+\\.\\d+\\.\\d+|[0-9a-f]{40})");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> workflow(String name) throws IOException {
        Path file = WORKFLOWS.resolve(name);
        assertThat(file).isRegularFile();
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        assertThat(document).as(name).isInstanceOf(Map.class);
        return (Map<String, Object>) document;
    }

    /** The triggers. YAML 1.1 reads the key "on" as the boolean true. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> triggers(Map<String, Object> workflow) {
        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        assertThat(on).as("the workflow's triggers").isNotNull();
        if (on instanceof String single) {
            return Map.of(single, Map.of());
        }
        if (on instanceof List<?> list) {
            Map<String, Object> events = new java.util.LinkedHashMap<>();
            list.forEach(event -> events.put(String.valueOf(event), Map.of()));
            return events;
        }
        return (Map<String, Object>) on;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> jobs(Map<String, Object> workflow) {
        assertThat(workflow.get("jobs")).isInstanceOf(Map.class);
        return (Map<String, Map<String, Object>>) workflow.get("jobs");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.getOrDefault("steps", List.of());
    }

    private static String uses(Map<String, Object> step) {
        return String.valueOf(step.getOrDefault("uses", ""));
    }

    private static String run(Map<String, Object> step) {
        return String.valueOf(step.getOrDefault("run", ""));
    }

    /** Every step's "uses", "run" and "with" of a job, as one text. */
    private static String text(Map<String, Object> job) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> step : steps(job)) {
            text.append(uses(step)).append('\n').append(run(step)).append('\n')
                    .append(step.getOrDefault("with", "")).append('\n');
        }
        return text.toString();
    }

    private static boolean anyJob(Map<String, Object> workflow, java.util.function.Predicate<String> condition) {
        return jobs(workflow).values().stream().map(WorkflowsTests::text).anyMatch(condition);
    }

    private static List<Map<String, Object>> allSteps(Map<String, Object> workflow) {
        List<Map<String, Object>> steps = new ArrayList<>();
        jobs(workflow).values().forEach(job -> steps.addAll(steps(job)));
        return steps;
    }

    @Test
    void everyWorkflowPinsItsActionsLimitsItsPermissionsAndSerializesRuns() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(WORKFLOWS)) {
            files = list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("ci.yml", "cd-dev.yml", "cd-prod.yml");
        for (Path file : files) {
            Map<String, Object> workflow = workflow(file.getFileName().toString());
            assertThat(workflow).as("%s declares its token permissions", file).containsKey("permissions");
            assertThat(workflow).as("%s has a concurrency group", file).containsKey("concurrency");
            assertThat(triggers(workflow)).as("%s triggers", file).isNotEmpty();
            for (Map<String, Object> step : allSteps(workflow)) {
                if (step.containsKey("uses")) {
                    assertThat(uses(step)).as("%s: action pinned to a version", file).matches(PINNED);
                }
            }
            jobs(workflow).forEach((name, job) -> assertThat(job).as("%s job %s", file, name).containsKey("runs-on"));
        }
    }

    @Test
    void ciRunsTheTestsStaticAnalysisAndBothVulnerabilityScansOnPushAndPullRequest() throws IOException {
        Map<String, Object> ci = workflow("ci.yml");
        assertThat(triggers(ci)).containsKeys("push", "pull_request");
        assertThat(anyJob(ci, text -> text.contains("./pixtools test"))).as("a job runs ./pixtools test").isTrue();
        assertThat(anyJob(ci, text -> text.contains("actions/setup-java") && text.contains("25")))
                .as("JDK 25").isTrue();
        assertThat(anyJob(ci, text -> text.contains("libvips42") && text.contains("chromium")))
                .as("the tests get libvips and Chromium").isTrue();
        assertThat(anyJob(ci, text -> text.contains("github/codeql-action/analyze")
                || text.contains("spotbugs") || text.contains("checkstyle")))
                .as("a static analysis job").isTrue();
        assertThat(anyJob(ci, text -> text.contains("aquasecurity/trivy-action") && text.contains("scan-type=fs")
                || text.contains("dependency-check")))
                .as("a dependency vulnerability scan").isTrue();
        assertThat(anyJob(ci, text -> text.contains("docker/build-push-action") && text.contains("aquasecurity/trivy-action")
                && text.contains("scan-type=image")))
                .as("an image build and image scan").isTrue();
    }

    @Test
    void cdDevBuildsPushesRendersAppliesAndSmokeTestsEveryPushToMain() throws IOException {
        Map<String, Object> cd = workflow("cd-dev.yml");
        assertThat(triggers(cd)).as("dev deploys what passed CI, not every push").containsOnlyKeys("workflow_run");
        @SuppressWarnings("unchecked")
        Map<String, Object> afterCi = (Map<String, Object>) triggers(cd).get("workflow_run");
        assertThat(String.valueOf(afterCi.get("workflows"))).isEqualTo("[" + workflow("ci.yml").get("name") + "]");
        assertThat(String.valueOf(afterCi.get("branches"))).contains("main");
        assertThat(jobs(cd).values()).allSatisfy(job -> assertThat(String.valueOf(job.get("if")))
                .contains("github.event.workflow_run.conclusion == 'success'"));
        assertThat(String.valueOf(cd)).as("the commit CI tested is the one built").doesNotContain("github.sha")
                .contains("github.event.workflow_run.head_sha");
        assertDeploys(cd);
        List<Map<String, Object>> steps = allSteps(cd);
        assertThat(steps).as("the image is built and pushed")
                .anySatisfy(step -> {
                    assertThat(uses(step)).startsWith("docker/build-push-action@");
                    assertThat(String.valueOf(step.get("with"))).contains("push=true");
                });
    }

    @Test
    void cdProdRunsOnlyByHandInTheProductionEnvironment() throws IOException {
        Map<String, Object> cd = workflow("cd-prod.yml");
        assertThat(triggers(cd)).containsOnlyKeys("workflow_dispatch");
        @SuppressWarnings("unchecked")
        Map<String, Object> dispatch = (Map<String, Object>) triggers(cd).get("workflow_dispatch");
        assertThat(String.valueOf(dispatch.get("inputs"))).contains("image_digest").contains("git_ref");
        for (Map<String, Object> job : jobs(cd).values()) {
            Object environment = job.get("environment");
            String name = environment instanceof Map<?, ?> map ? String.valueOf(map.get("name")) : String.valueOf(environment);
            assertThat(name).as("every production job waits for the production environment").isEqualTo("production");
        }
        assertDeploys(cd);
    }

    /** The deploy steps both CD workflows share: OIDC credentials, ECR, render.sh, kubectl apply, smoke test. */
    private static void assertDeploys(Map<String, Object> cd) {
        List<Map<String, Object>> steps = allSteps(cd);
        jobs(cd).values().forEach(job -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> permissions = (Map<String, Object>) job.get("permissions");
            assertThat(permissions).as("OIDC needs id-token: write").containsEntry("id-token", "write");
        });
        assertThat(steps).anySatisfy(step -> {
            assertThat(uses(step)).startsWith("aws-actions/configure-aws-credentials@");
            assertThat(String.valueOf(step.get("with"))).contains("role-to-assume");
        });
        assertThat(steps).anySatisfy(step -> assertThat(uses(step)).startsWith("aws-actions/amazon-ecr-login@"));
        assertThat(steps).as("the manifests are rendered")
                .anySatisfy(step -> assertThat(run(step)).contains("manifests/render.sh").contains("--image"));
        assertThat(steps).as("the Secret comes from SSM")
                .anySatisfy(step -> assertThat(run(step)).contains("manifests/sync-secrets.sh"));
        assertThat(steps).as("the migration Job is applied and awaited first")
                .anySatisfy(step -> assertThat(run(step)).contains("20-migrate-job.yaml").contains("kubectl apply")
                        .contains("Complete"));
        assertThat(steps).as("the rest is applied and rolled out")
                .anySatisfy(step -> assertThat(run(step)).contains("kubectl apply -f build/manifests/")
                        .contains("rollout status"));
        assertThat(steps).as("a smoke test")
                .anySatisfy(step -> assertThat(run(step)).contains("/api/health").contains("/api/process")
                        .contains("src/test/resources/images/camera.jpg").contains("[\"jpg\",\"metadata\"]")
                        .contains("COMPLETED"));
        int render = indexOf(steps, "manifests/render.sh");
        int migrate = indexOf(steps, "Complete");
        int apply = indexOf(steps, "rollout status");
        int smoke = indexOf(steps, "/api/process");
        assertThat(List.of(render, migrate, apply, smoke)).as("render, migrate, roll out, smoke test, in that order")
                .isSorted().doesNotContain(-1);
    }

    private static int indexOf(List<Map<String, Object>> steps, String text) {
        for (int i = 0; i < steps.size(); i++) {
            if (run(steps.get(i)).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
