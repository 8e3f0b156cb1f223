package io.pixtools.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The GitHub Actions workflows cannot run here; they are parsed and held to their jobs: CI runs the tests, static
 * analysis, both vulnerability scans and renders both overlays through manifests/deploy.sh for kubeconform; cd-dev
 * builds every push to main that passed CI and deploys it by digest through manifests/deploy.sh, then smoke-tests it;
 * cd-prod is started by hand, waits for the production environment's reviewers and promotes the digest CI tested
 * (never a build of its own) before deploying it the same way.
 */
class WorkflowsTests {

    private static final Path WORKFLOWS = RepositoryFiles.path(".github/workflows");
    /** owner/repo[/path]@ref, with a version tag (v4, 0.28.0) or a commit SHA as ref. */
    private static final Pattern PINNED =
            Pattern.compile("[\\w.-]+/[\\w./-]+@(v\\d+(\\.\\d+){0,2}|\\d+\\.\\d+\\.\\d+|[0-9a-f]{40})");

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
            text.append(uses(step))
                    .append('\n')
                    .append(run(step))
                    .append('\n')
                    .append(step.getOrDefault("with", ""))
                    .append('\n');
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
            files = list.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("ci.yml", "cd-dev.yml", "cd-prod.yml");
        for (Path file : files) {
            Map<String, Object> workflow = workflow(file.getFileName().toString());
            assertThat(workflow).as("%s declares its token permissions", file).containsKey("permissions");
            assertThat(workflow).as("%s has a concurrency group", file).containsKey("concurrency");
            assertThat(triggers(workflow)).as("%s triggers", file).isNotEmpty();
            for (Map<String, Object> step : allSteps(workflow)) {
                if (step.containsKey("uses")) {
                    assertThat(uses(step))
                            .as("%s: action pinned to a version", file)
                            .matches(PINNED);
                }
            }
            jobs(workflow)
                    .forEach((name, job) ->
                            assertThat(job).as("%s job %s", file, name).containsKey("runs-on"));
        }
    }

    @Test
    void ciRunsTheTestsStaticAnalysisAndBothVulnerabilityScansOnPushAndPullRequest() throws IOException {
        Map<String, Object> ci = workflow("ci.yml");
        assertThat(triggers(ci)).containsKeys("push", "pull_request");
        assertThat(anyJob(ci, text -> text.contains("./pixtools test")))
                .as("a job runs ./pixtools test")
                .isTrue();
        assertThat(anyJob(ci, text -> text.contains("actions/setup-java") && text.contains("25")))
                .as("JDK 25")
                .isTrue();
        assertThat(anyJob(ci, text -> text.contains("libvips42") && text.contains("chromium")))
                .as("the tests get libvips and Chromium")
                .isTrue();
        assertThat(anyJob(
                        ci,
                        text -> text.contains("github/codeql-action/analyze")
                                || text.contains("spotbugs")
                                || text.contains("checkstyle")))
                .as("a static analysis job")
                .isTrue();
        assertThat(anyJob(
                        ci,
                        text -> text.contains("aquasecurity/trivy-action") && text.contains("scan-type=fs")
                                || text.contains("dependency-check")))
                .as("a dependency vulnerability scan")
                .isTrue();
        assertThat(anyJob(
                        ci,
                        text -> text.contains("docker/build-push-action")
                                && text.contains("aquasecurity/trivy-action")
                                && text.contains("scan-type=image")))
                .as("an image build and image scan")
                .isTrue();
    }

    @Test
    void ciRendersBothOverlaysAndTheClusterAddOnsThroughDeployShAndValidatesThem() throws IOException {
        Map<String, Object> ci = workflow("ci.yml");
        assertThat(String.valueOf(ci))
                .as("render.sh is gone")
                .doesNotContain("render.sh")
                .doesNotContain("build/manifests");
        Map<String, Object> job = jobs(ci).values().stream()
                .filter(j -> text(j).contains("kubeconform"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CI job runs kubeconform"));
        List<Map<String, Object>> steps = steps(job);
        int kubectl = indexOfUses(steps, "azure/setup-kubectl@");
        int render = indexOf(steps, "manifests/deploy.sh");
        assertThat(kubectl)
                .as("kubectl is set up in the kubeconform job, before the rendering")
                .isNotNegative()
                .isLessThan(render);
        String script = run(steps.get(render));
        assertThat(script)
                .as("both overlays, rendered only, with a settings file and an image by digest")
                .contains("--overlay \"$overlay\"")
                .contains("for overlay in dev prod")
                .contains("--render-only")
                .contains("--settings")
                .contains("@sha256:");
        for (String setting : List.of(
                "region",
                "environment",
                "ingress_host",
                "public_url",
                "certificate_arn",
                "alb_security_group_id",
                "alb_target_type",
                "postgres_jdbc_url",
                "postgres_user",
                "s3_bucket",
                "rabbitmq_host",
                "redis_host")) {
            assertThat(script).as("the example settings give %s", setting).containsPattern("(?m)^" + setting + "=\\S");
        }
        assertThat(script).as("the cluster add-ons are rendered too").contains("kubectl kustomize manifests/cluster");
        String kubeconform = script.lines()
                .dropWhile(line -> !line.contains("/kubeconform\" -"))
                .reduce("", String::concat);
        assertThat(kubeconform)
                .as("kubeconform -strict, skipping exactly the two custom resources")
                .contains("-strict")
                .contains("keda.sh/v1alpha1/ScaledObject")
                .contains("helm.cattle.io/v1/HelmChart")
                .contains("dev.yaml")
                .contains("prod.yaml")
                .contains("cluster.yaml")
                .doesNotContain("-ignore-missing-schemas");
        assertThat(text(job)).as("the scripts are shellchecked").contains("shellcheck -s sh manifests/*.sh");
    }

    @Test
    void cdDevBuildsPushesDeploysWithDeployShAndSmokeTestsEveryPushToMain() throws IOException {
        Map<String, Object> cd = workflow("cd-dev.yml");
        assertThat(triggers(cd))
                .as("dev deploys what passed CI, not every push")
                .containsOnlyKeys("workflow_run");
        @SuppressWarnings("unchecked")
        Map<String, Object> afterCi = (Map<String, Object>) triggers(cd).get("workflow_run");
        assertThat(String.valueOf(afterCi.get("workflows")))
                .isEqualTo("[" + workflow("ci.yml").get("name") + "]");
        assertThat(String.valueOf(afterCi.get("branches"))).contains("main");
        assertThat(jobs(cd).values())
                .allSatisfy(job -> assertThat(String.valueOf(job.get("if")))
                        .contains("github.event.workflow_run.conclusion == 'success'"));
        assertThat(String.valueOf(cd))
                .as("the commit CI tested is the one built")
                .doesNotContain("github.sha")
                .contains("github.event.workflow_run.head_sha");
        assertDeploys(cd, "dev");
        List<Map<String, Object>> steps = allSteps(cd);
        assertThat(steps).anySatisfy(step -> assertThat(uses(step)).startsWith("aws-actions/amazon-ecr-login@"));
        assertThat(steps).as("the image is built and pushed").anySatisfy(step -> {
            assertThat(uses(step)).startsWith("docker/build-push-action@");
            assertThat(String.valueOf(step.get("with"))).contains("push=true");
        });
        assertThat(indexOfUses(steps, "docker/build-push-action@"))
                .as("built before it is deployed")
                .isLessThan(indexOf(steps, "manifests/deploy.sh"));
    }

    @Test
    void cdProdRunsOnlyByHandInTheProductionEnvironment() throws IOException {
        Map<String, Object> cd = workflow("cd-prod.yml");
        assertThat(triggers(cd)).containsOnlyKeys("workflow_dispatch");
        @SuppressWarnings("unchecked")
        Map<String, Object> dispatch = (Map<String, Object>) triggers(cd).get("workflow_dispatch");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> inputs = (Map<String, Map<String, Object>>) dispatch.get("inputs");
        assertThat(inputs)
                .as("a commit SHA, and a digest for a rollback")
                .containsOnlyKeys("commit_sha", "image_digest");
        assertThat(inputs.get("commit_sha")).containsEntry("required", true);
        assertThat(inputs.get("image_digest")).containsEntry("required", false);
        assertThat(String.valueOf(cd.get("concurrency"))).contains("cd-prod");
        for (Map<String, Object> job : jobs(cd).values()) {
            Object environment = job.get("environment");
            String name = environment instanceof Map<?, ?> map
                    ? String.valueOf(map.get("name"))
                    : String.valueOf(environment);
            assertThat(name)
                    .as("every production job waits for the production environment")
                    .isEqualTo("production");
        }
        assertDeploys(cd, "prod");
    }

    @Test
    void cdProdPromotesTheDigestCiTestedAndNeverBuilds() throws IOException {
        Map<String, Object> cd = workflow("cd-prod.yml");
        List<Map<String, Object>> steps = allSteps(cd);
        for (Map<String, Object> step : steps) {
            assertThat(uses(step))
                    .as("no image is built for production")
                    .doesNotStartWith("docker/build-push-action@")
                    .doesNotStartWith("docker/setup-buildx-action@");
            assertThat(run(step))
                    .as("no image is built for production")
                    .doesNotContainPattern("docker\\s+(buildx\\s+)?build")
                    .doesNotContain("docker push");
        }
        assertThat(steps)
                .as("the commit SHA input is checked to be 40 hex digits")
                .anySatisfy(
                        step -> assertThat(run(step)).contains("$COMMIT_SHA").contains("[0-9a-f]{40}"));

        int ci = indexOf(steps, "actions/workflows/ci.yml/runs");
        assertThat(ci).as("CI's runs are read through the GitHub API").isNotNegative();
        assertThat(run(steps.get(ci)))
                .as("CI must have succeeded on a push to main for exactly that commit")
                .contains("gh api")
                .contains("head_sha")
                .contains(".head_sha == $sha")
                .contains(".event == \"push\"")
                .contains(".head_branch == \"main\"")
                .contains(".conclusion == \"success\"")
                .contains("::error::");
        assertThat(String.valueOf(steps.get(ci).get("env"))).contains("GH_TOKEN");
        jobs(cd).values()
                .forEach(job -> assertThat(job.get("permissions"))
                        .as("the token may read CI's runs")
                        .isEqualTo(Map.of("contents", "read", "actions", "read", "id-token", "write")));
        assertThat(ci)
                .as("CI is checked before anything touches AWS")
                .isLessThan(indexOfUses(steps, "aws-actions/configure-aws-credentials@"));

        int dev = indexOf(steps, "--image-ids imageTag=\"$COMMIT_SHA\"");
        assertThat(dev).as("the digest is looked up by the commit's tag").isNotNegative();
        assertThat(run(steps.get(dev)))
                .as("in the dev repository")
                .contains("DEV_ECR_REPOSITORY_URI")
                .contains("aws ecr describe-images")
                .contains("imageDigest");
        int copy = indexOf(steps, "skopeo copy");
        assertThat(copy)
                .as("the image is copied, not rebuilt, after its digest is known")
                .isGreaterThan(dev);
        String copyScript = run(steps.get(copy));
        assertThat(copyScript)
                .as("the manifest is copied as it is, by digest, to the production repository")
                .contains("--preserve-digests")
                .contains("--all")
                .contains("docker://$DEV_ECR_REPOSITORY_URI@$DEV_DIGEST")
                .contains("docker://$REGISTRY/$ECR_REPOSITORY:$COMMIT_SHA");
        assertThat(copyScript)
                .as("both registries are logged in to with ECR tokens")
                .containsPattern("aws ecr get-login-password --region \"\\$DEV_REGION\"[^\\n]*\\n?\\s*\\| skopeo login")
                .containsPattern(
                        "aws ecr get-login-password --region \"\\$AWS_REGION\"[^\\n]*\\n?\\s*\\| skopeo login");

        int verify = indexOf(steps, "[ \"$promoted\" != \"$expected\" ]");
        assertThat(verify)
                .as("the production repository's digest is compared with the promoted one, after the copy")
                .isGreaterThan(copy);
        String verifyScript = run(steps.get(verify));
        assertThat(verifyScript)
                .contains("expected=$DEV_DIGEST")
                .contains("expected=$IMAGE_DIGEST")
                .contains("aws ecr describe-images --repository-name \"$ECR_REPOSITORY\"")
                .contains("::error::")
                .contains("image=$REGISTRY/$ECR_REPOSITORY@$promoted");
        assertThat(steps.get(verify)).containsEntry("id", "image");
        assertThat(String.valueOf(steps.get(verify).get("env"))).contains("steps.dev.outputs.digest");
        assertThat(verify)
                .as("the verified digest is the one deployed")
                .isLessThan(indexOf(steps, "manifests/deploy.sh"));
        assertThat(steps.stream().filter(step -> run(step).contains("manifests/deploy.sh")))
                .allSatisfy(step -> assertThat(String.valueOf(step.get("env"))).contains("steps.image.outputs.image"));
        assertThat(steps.stream()
                        .filter(step ->
                                run(step).contains("skopeo") || run(step).contains("DEV_ECR_REPOSITORY_URI#")))
                .as("a rollback (image_digest) copies nothing")
                .allSatisfy(step -> assertThat(String.valueOf(step.get("if"))).isEqualTo("inputs.image_digest == ''"));
    }

    /**
     * The deploy steps both CD workflows share: OIDC credentials, the SSM settings as deploy.sh's settings file, kubectl,
     * manifests/deploy.sh with the overlay (which applies KEDA, the Secret, the awaited migration Job and the rest), and
     * then the smoke test.
     */
    private static void assertDeploys(Map<String, Object> cd, String overlay) {
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
        assertThat(String.valueOf(cd))
                .as("render.sh and its numbered files are gone")
                .doesNotContain("render.sh")
                .doesNotContain("build/manifests")
                .doesNotContain("migrate-job.yaml");
        assertThat(steps)
                .as("migration and rollouts are deploy.sh's, not the workflow's")
                .noneSatisfy(step -> assertThat(run(step)).containsAnyOf("kubectl apply", "rollout status"));

        int settings = indexOf(steps, "$SSM_PREFIX/deploy");
        assertThat(settings).as("the SSM deploy parameters are read").isNotNegative();
        assertThat(run(steps.get(settings)))
                .as("into the step outputs and deploy.sh's settings file, name=value")
                .contains("aws ssm get-parameters-by-path")
                .contains("key=$(basename \"$name\")")
                .contains(">> \"$GITHUB_OUTPUT\"")
                .contains(">> \"$RUNNER_TEMP/deploy.env\"");

        int kubectl = indexOfUses(steps, "azure/setup-kubectl@");
        int tunnel = indexOf(steps, "KUBECONFIG=");
        int deploy = indexOf(steps, "manifests/deploy.sh");
        int smoke = indexOf(steps, "/api/process");
        assertThat(deploy).as("a deploy.sh step").isNotNegative();
        assertThat(run(steps.get(deploy)))
                .as("deploy.sh deploys overlay %s by digest with the SSM settings", overlay)
                .contains("./manifests/deploy.sh --overlay " + overlay + " ")
                .contains("--image \"$IMAGE\"")
                .contains("--settings \"$RUNNER_TEMP/deploy.env\"")
                .contains("--ssm-prefix \"$SSM_PREFIX\"")
                .doesNotContain("--render-only");
        assertThat(steps.stream()
                        .filter(step -> run(step).contains("manifests/deploy.sh"))
                        .count())
                .as("one deployment")
                .isEqualTo(1);
        assertThat(steps)
                .as("a smoke test")
                .anySatisfy(step -> assertThat(run(step))
                        .contains("/api/health")
                        .contains("/api/process")
                        .contains("processors/src/test/resources/images/camera.jpg")
                        .contains("[\"jpg\",\"metadata\"]")
                        .contains("COMPLETED"));
        assertThat(List.of(settings, kubectl, tunnel, deploy, smoke))
                .as("settings, kubectl, the tunnel to the K3s API, deploy.sh, smoke test, in that order")
                .isSorted()
                .doesNotContain(-1);
    }

    private static int indexOf(List<Map<String, Object>> steps, String text) {
        for (int i = 0; i < steps.size(); i++) {
            if (run(steps.get(i)).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfUses(List<Map<String, Object>> steps, String prefix) {
        for (int i = 0; i < steps.size(); i++) {
            if (uses(steps.get(i)).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
