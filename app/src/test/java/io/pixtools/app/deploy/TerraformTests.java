package io.pixtools.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * There is no terraform binary and no AWS account here, so terraform/ is checked as files: every *.tf file (and
 * dev.tfvars, backend-dev.hcl) must parse as HCL (hcl4j), and the configuration must hold what PixTools needs on AWS.
 * hcl4j evaluates what it can: a reference to another resource stays a symbol whose name is the reference
 * ("aws_sns_topic.alarms.arn"), a var.* reference becomes the value this test gives that variable (a marker), and
 * repeated blocks become lists. CI additionally runs terraform fmt and terraform validate.
 */
class TerraformTests {

    private static final Path TERRAFORM = RepositoryFiles.path("terraform");
    /** Given to var.alb_ingress_cidrs while parsing, to see where the variable is used. */
    private static final List<String> CIDR_MARKER = List.of("var.alb_ingress_cidrs");

    private static final List<String> SECRET_PARAMETERS = List.of(
            "POSTGRES_PASSWORD",
            "RABBITMQ_PASSWORD",
            "REDIS_PASSWORD",
            "PIXTOOLS_WEBHOOKS_SECRET",
            "S3_ACCESS_KEY",
            "S3_SECRET_KEY",
            "PIXTOOLS_API_KEYS");
    private static final Path USER_DATA = TERRAFORM.resolve("templates/k3s-user-data.sh.tftpl");
    /** hcl4j leaves an interpolation as its address: "${local.ssm_prefix_arn}/k3s/kubeconfig" reads like this. */
    private static final String SSM_PREFIX_ARN = "local.ssm_prefix_arn";

    private static final String KUBECONFIG_ARN = SSM_PREFIX_ARN + "/k3s/kubeconfig";
    /** The ASG tag the Cluster Autoscaler's scaling permission is conditioned on ("...${local.cluster_name}"). */
    private static final String AUTOSCALER_OWNER_TAG = "k8s.io/cluster-autoscaler/local.cluster_name";

    /** Top-level block type ("resource", "data", "variable", ...) to label(s) to body, merged over every file. */
    private static final Map<String, Map<String, Object>> CONFIG = new LinkedHashMap<>();

    private static final Map<Path, Map<String, Object>> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void parseEveryFile() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(TERRAFORM)) {
            files = list.filter(p -> p.toString().endsWith(".tf")).sorted().toList();
        }
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "versions.tf",
                        "backend.tf",
                        "variables.tf",
                        "outputs.tf",
                        "network.tf",
                        "k3s.tf",
                        "rds.tf",
                        "s3.tf",
                        "ecr.tf",
                        "ssm.tf",
                        "alb.tf",
                        "alarms.tf",
                        "app-iam.tf",
                        "github-oidc.tf");
        for (Path file : files) {
            Map<String, Object> parsed = parse(file);
            FILES.put(file, parsed);
            for (Map.Entry<String, Object> block : parsed.entrySet()) {
                if (block.getValue() instanceof Map<?, ?> body) {
                    merge(CONFIG.computeIfAbsent(block.getKey(), k -> new LinkedHashMap<>()), body);
                }
            }
        }
    }

    private static Map<String, Object> parse(Path file) throws Exception {
        HCLParser parser = new HCLParser();
        parser.setVariable("alb_ingress_cidrs", CIDR_MARKER);
        try {
            return parser.parse(file.toFile(), "UTF-8");
        } catch (Exception e) {
            throw new AssertionError(file + " is not valid HCL: " + e, e);
        }
    }

    /** Merges resource type / name maps of several files (two levels, as in resource "type" "name"). */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<?, ?> from) {
        from.forEach((key, value) -> {
            Object existing = into.get((String) key);
            if (existing instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) a);
                merged.putAll((Map<String, Object>) b);
                into.put((String) key, merged);
            } else {
                into.put((String) key, value);
            }
        });
    }

    // --- navigation -------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources(String type) {
        Object byName = CONFIG.getOrDefault("resource", Map.of()).get(type);
        assertThat(byName).as("resource type %s is declared", type).isInstanceOf(Map.class);
        return (Map<String, Object>) byName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(String type, String name) {
        Object body = resources(type).get(name);
        assertThat(body).as("resource %s.%s is declared", type, name).isInstanceOf(Map.class);
        return (Map<String, Object>) body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(String type, String name) {
        Object byName = CONFIG.getOrDefault("data", Map.of()).get(type);
        assertThat(byName).as("data source type %s is declared", type).isInstanceOf(Map.class);
        Object body = ((Map<String, Object>) byName).get(name);
        assertThat(body).as("data source %s.%s is declared", type, name).isInstanceOf(Map.class);
        return (Map<String, Object>) body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> block(Map<String, Object> body, String... path) {
        Object current = body;
        for (String key : path) {
            assertThat(current).as("block %s", String.join(".", path)).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        assertThat(current).as("block %s", String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) current;
    }

    /** A block that may appear once (a map) or several times (a list of maps). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blocks(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value instanceof Map<?, ?> single) {
            return List.of((Map<String, Object>) single);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> (Map<String, Object>) item).toList();
        }
        return List.of();
    }

    /** The referenced address of an expression hcl4j kept as a symbol ("aws_sns_topic.alarms.arn"), else null. */
    private static String reference(Object value) {
        return value instanceof Symbol symbol ? symbol.getName() : null;
    }

    private static List<String> references(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            items.forEach(item -> names.add(reference(item)));
        } else {
            names.add(reference(value));
        }
        return names;
    }

    /** A list of references or strings as text: "aws_s3_bucket.objects.arn", "local.ssm_prefix_arn/secrets/*". */
    private static List<String> names(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<?>) value)
                .stream()
                        .map(item -> item instanceof Symbol symbol ? symbol.getName() : String.valueOf(item))
                        .toList();
    }

    private static List<Map<String, Object>> statements(String policyDocument) {
        return blocks(data("aws_iam_policy_document", policyDocument), "statement");
    }

    private static List<String> actions(Map<String, Object> statement) {
        return strings(statement.get("actions"));
    }

    /** Resources of the Allow statements that name one of the actions the predicate picks. */
    private static List<String> resourcesAllowing(List<Map<String, Object>> statements, Predicate<String> action) {
        return statements.stream()
                .filter(statement -> !"Deny".equals(statement.get("effect")))
                .filter(statement -> actions(statement).stream().anyMatch(action))
                .flatMap(statement -> names(statement.get("resources")).stream())
                .toList();
    }

    /** Any action that can return a parameter value (GetParameter, GetParameters, ...ByPath, ...History, wildcards). */
    private static boolean readsParameters(String action) {
        return action.startsWith("ssm:GetParameter")
                || action.equals("ssm:*")
                || action.equals("*")
                || (action.startsWith("ssm:") && action.contains("*"));
    }

    /** The HelmChart manifests the user data writes (by chart name), each with its valuesContent parsed. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> helmCharts() throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Matcher manifests =
                Pattern.compile("(?s)<<'MANIFEST'\n(.*?)\nMANIFEST\n").matcher(Files.readString(USER_DATA));
        Map<String, Map<String, Object>> charts = new LinkedHashMap<>();
        while (manifests.find()) {
            Map<String, Object> manifest = yaml.load(manifests.group(1));
            if ("HelmChart".equals(manifest.get("kind"))) {
                Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) manifest.get("spec"));
                spec.put("values", yaml.load((String) spec.get("valuesContent")));
                charts.put((String) spec.get("chart"), spec);
            }
        }
        return charts;
    }

    private static double number(Object value) {
        assertThat(value).isInstanceOf(Number.class);
        return ((Number) value).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    // --- tests ------------------------------------------------------------------------------------------------------

    @Test
    void everyFileIsValidHclIncludingTheExampleVariablesAndBackendConfig() throws Exception {
        assertThat(FILES)
                .isNotEmpty()
                .allSatisfy((file, parsed) -> assertThat(parsed).as("%s", file).isNotEmpty());
        Map<String, Object> backend = parse(TERRAFORM.resolve("backend-dev.hcl"));
        assertThat(backend).containsKeys("bucket", "key", "region");
        assertThat(backend.get("encrypt")).isEqualTo(true);
        assertThat(parse(TERRAFORM.resolve("dev.tfvars"))).isNotEmpty();
        assertThat(TERRAFORM.resolve("README.md")).isRegularFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void providersArePinnedAndTheStateIsKeptInS3() {
        Map<String, Object> terraform = CONFIG.get("terraform");
        Map<String, Object> providers = (Map<String, Object>) terraform.get("required_providers");
        Map<String, Object> aws = (Map<String, Object>) providers.get("aws");
        assertThat(aws.get("source")).isEqualTo("hashicorp/aws");
        assertThat((String) aws.get("version")).startsWith("~> 5");
        assertThat(providers).containsKey("random");
        assertThat(((Map<String, Object>) providers.get("random")).get("source"))
                .isEqualTo("hashicorp/random");
        assertThat((Map<String, Object>) terraform.get("backend")).containsOnlyKeys("s3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableHasADescriptionAndATypeAndEveryOutputADescription() {
        Map<String, Object> variables = CONFIG.get("variable");
        assertThat(variables).isNotEmpty().containsKeys("alb_ingress_cidrs", "environment", "region");
        variables.forEach((name, body) -> {
            Map<String, Object> variable = (Map<String, Object>) body;
            assertThat(variable.get("description"))
                    .as("description of variable %s", name)
                    .isInstanceOf(String.class)
                    .asString()
                    .isNotBlank();
            assertThat(variable.get("type")).as("type of variable %s", name).isNotNull();
        });
        Map<String, Object> outputs = CONFIG.get("output");
        assertThat(outputs)
                .isNotEmpty()
                .containsKeys(
                        "ecr_repository_url", "postgres_jdbc_url", "s3_bucket", "alb_security_group_id", "ssm_prefix");
        outputs.forEach((name, body) -> assertThat(((Map<String, Object>) body).get("description"))
                .as("description of output %s", name)
                .isInstanceOf(String.class)
                .asString()
                .isNotBlank());
    }

    @Test
    @SuppressWarnings("unchecked")
    void devTfvarsSetsEveryRequiredVariableAndNoUndeclaredOne() throws Exception {
        Map<String, Object> tfvars = parse(TERRAFORM.resolve("dev.tfvars"));
        Map<String, Object> variables = CONFIG.get("variable");
        assertThat(variables.keySet())
                .as("dev.tfvars sets declared variables only")
                .containsAll(tfvars.keySet());
        variables.forEach((name, body) -> {
            if (!((Map<String, Object>) body).containsKey("default")) {
                assertThat(tfvars)
                        .as("dev.tfvars sets the required variable %s", name)
                        .containsKey(name);
            }
        });
        assertThat(tfvars.get("environment")).isEqualTo("dev");
    }

    @Test
    void theVpcHasPublicAndPrivateSubnetsInTwoZonesAndANatGateway() {
        assertThat(resource("aws_vpc", "main")).containsKey("cidr_block");
        assertThat(number(resource("aws_subnet", "public").get("count"))).isEqualTo(2);
        assertThat(number(resource("aws_subnet", "private").get("count"))).isEqualTo(2);
        assertThat(resources("aws_nat_gateway")).isNotEmpty();
        assertThat(resources("aws_internet_gateway")).isNotEmpty();
        assertThat(blocks(resource("aws_route_table", "private"), "route"))
                .anySatisfy(route ->
                        assertThat(reference(route.get("nat_gateway_id"))).startsWith("aws_nat_gateway.main"));
    }

    @Test
    void k3sRunsOnASpotAutoScalingGroupWhoseLaunchTemplateInstallsK3s() throws IOException {
        Map<String, Object> asg = resource("aws_autoscaling_group", "k3s");
        Map<String, Object> distribution = block(asg, "mixed_instances_policy", "instances_distribution");
        assertThat(number(distribution.get("on_demand_percentage_above_base_capacity")))
                .as("all Spot above the base")
                .isZero();
        assertThat(distribution.get("spot_allocation_strategy")).isEqualTo("price-capacity-optimized");
        Map<String, Object> template = block(asg, "mixed_instances_policy", "launch_template");
        assertThat(reference(block(template, "launch_template_specification").get("launch_template_id")))
                .isEqualTo("aws_launch_template.k3s.id");
        assertThat(block(template, "dynamic", "override", "content"))
                .as("one override per instance type")
                .containsKey("instance_type");
        assertThat(references(asg.get("vpc_zone_identifier")).getFirst())
                .as("nodes in the private subnets")
                .startsWith("aws_subnet.private");

        Map<String, Object> launchTemplate = resource("aws_launch_template", "k3s");
        assertThat(launchTemplate).containsKey("user_data");
        assertThat(reference(block(launchTemplate, "iam_instance_profile").get("arn")))
                .isEqualTo("aws_iam_instance_profile.node.arn");
        assertThat(block(launchTemplate, "metadata_options").get("http_tokens"))
                .as("IMDSv2 only")
                .isEqualTo("required");
        String userData = Files.readString(TERRAFORM.resolve("templates/k3s-user-data.sh.tftpl"));
        assertThat(userData)
                .contains("https://get.k3s.io")
                .contains("datastore-endpoint")
                .contains("ecr-credential-provider")
                .contains("k3s/kubeconfig");
        assertThat(reference(resource("aws_iam_instance_profile", "node").get("role")))
                .isEqualTo("aws_iam_role.node.name");
    }

    @Test
    void podsCannotGetTheInstanceRoleFromImds() {
        Map<String, Object> metadata = block(resource("aws_launch_template", "k3s"), "metadata_options");
        assertThat(metadata.get("http_tokens")).as("IMDSv2 only").isEqualTo("required");
        assertThat(number(metadata.get("http_put_response_hop_limit")))
                .as("hop limit 1: the node and hostNetwork pods reach IMDS, a pod's own network namespace does not")
                .isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNodeRolePullsFromEcrAndReadsItsTwoBootstrapSecretsButNeitherS3NorTheKubeconfig() throws IOException {
        List<Map<String, Object>> statements = statements("node");
        List<String> actions = statements.stream()
                .flatMap(statement -> actions(statement).stream())
                .toList();
        assertThat(actions)
                .contains(
                        "ecr:GetAuthorizationToken",
                        "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer",
                        "ssm:GetParameter",
                        "ssm:PutParameter",
                        "ssm:UpdateInstanceInformation",
                        "ssmmessages:OpenDataChannel");
        assertThat(actions)
                .as("no S3 for the node role: PixTools has its own IAM user")
                .noneMatch(a -> a.startsWith("s3:"));
        assertThat(actions).as("no wildcard actions").noneMatch(a -> a.contains("*"));
        assertThat(actions.stream().filter(TerraformTests::readsParameters))
                .as("parameters are read one by one")
                .containsOnly("ssm:GetParameter");

        List<String> reads = resourcesAllowing(statements, TerraformTests::readsParameters);
        assertThat(reads)
                .as("the node role reads exactly the two parameters the user data reads")
                .containsExactlyInAnyOrder(
                        "aws_ssm_parameter.k3s_token.arn", "aws_ssm_parameter.postgres_password.arn");
        assertThat(reads)
                .as("neither a wildcard nor the cluster-admin kubeconfig")
                .noneMatch(resource -> resource.contains("*") || resource.endsWith("/k3s/kubeconfig"));
        assertThat(resourcesAllowing(statements, "ssm:PutParameter"::equals)).containsExactly(KUBECONFIG_ARN);

        String userData = Files.readString(USER_DATA);
        Matcher params = Pattern.compile("param \"\\$SSM_PREFIX/([^\"]+)\"").matcher(userData);
        List<String> readByUserData = new ArrayList<>();
        while (params.find()) {
            readByUserData.add(params.group(1));
        }
        assertThat(readByUserData).containsExactlyInAnyOrder("k3s/token", "secrets/POSTGRES_PASSWORD");
        assertThat(userData).contains("put-parameter --region \"$REGION\" --name \"$SSM_PREFIX/k3s/kubeconfig\"");

        // A managed policy would bypass all of this: AmazonSSMManagedInstanceCore allows ssm:GetParameter on "*".
        Map<String, Object> attachments = (Map<String, Object>)
                CONFIG.getOrDefault("resource", Map.of()).getOrDefault("aws_iam_role_policy_attachment", Map.of());
        attachments.forEach((name, body) -> assertThat(reference(((Map<String, Object>) body).get("role")))
                .as("managed policy %s on the node role", name)
                .doesNotStartWith("aws_iam_role.node."));
        assertThat(resource("aws_iam_role", "node")).doesNotContainKeys("managed_policy_arns", "inline_policy");
        assertThat(resources("aws_iam_role_policy")).allSatisfy((name, body) -> {
            if ("aws_iam_role.node.id".equals(reference(((Map<String, Object>) body).get("role")))) {
                assertThat(name).as("the node role's only inline policy").isEqualTo("node");
            }
        });
        assertThat(reference(resource("aws_iam_role_policy", "node").get("policy")))
                .isEqualTo("data.aws_iam_policy_document.node.json");
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePodsUseAnIamUserThatMayOnlyUseTheObjectBucket() {
        assertThat(String.valueOf(resource("aws_iam_user", "app").get("name"))).isEqualTo("local.name-app");
        Map<String, Object> policy = resource("aws_iam_user_policy", "app");
        assertThat(reference(policy.get("user"))).isEqualTo("aws_iam_user.app.name");
        assertThat(reference(policy.get("policy"))).isEqualTo("data.aws_iam_policy_document.app.json");
        assertThat(reference(resource("aws_iam_access_key", "app").get("user"))).isEqualTo("aws_iam_user.app.name");

        List<Map<String, Object>> statements = statements("app");
        assertThat(statements)
                .allSatisfy(statement -> assertThat(statement.get("effect")).isIn(null, "Allow"));
        assertThat(statements.stream().flatMap(statement -> actions(statement).stream()))
                .containsExactlyInAnyOrder(
                        "s3:ListBucket",
                        "s3:GetBucketLocation",
                        "s3:GetObject",
                        "s3:PutObject",
                        "s3:DeleteObject",
                        "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts");
        assertThat(resourcesAllowing(statements, "s3:ListBucket"::equals)).containsExactly("aws_s3_bucket.objects.arn");
        assertThat(resourcesAllowing(statements, "s3:GetObject"::equals))
                .containsExactly("aws_s3_bucket.objects.arn/*");
        assertThat(resourcesAllowing(statements, action -> true))
                .as("the object bucket and nothing else")
                .allMatch(resource ->
                        resource.equals("aws_s3_bucket.objects.arn") || resource.equals("aws_s3_bucket.objects.arn/*"));

        Map<String, Object> documents = (Map<String, Object>) CONFIG.get("data").get("aws_iam_policy_document");
        documents.keySet().stream()
                .filter(name -> !name.equals("app"))
                .forEach(name -> assertThat(resourcesAllowing(
                                statements(name), action -> action.startsWith("s3:") || action.equals("*")))
                        .as("policy document %s allows no S3 action: only the app user has S3", name)
                        .isEmpty());

        Map<String, Object> accessKey = resource("aws_ssm_parameter", "s3_access_key");
        assertThat(String.valueOf(accessKey.get("name"))).isEqualTo("local.ssm_prefix/secrets/S3_ACCESS_KEY");
        assertThat(reference(accessKey.get("value"))).isEqualTo("aws_iam_access_key.app.id");
        Map<String, Object> secretKey = resource("aws_ssm_parameter", "s3_secret_key");
        assertThat(String.valueOf(secretKey.get("name"))).isEqualTo("local.ssm_prefix/secrets/S3_SECRET_KEY");
        assertThat(reference(secretKey.get("value"))).isEqualTo("aws_iam_access_key.app.secret");
        assertThat(List.of(accessKey.get("type"), secretKey.get("type"))).containsOnly("SecureString");
    }

    @Test
    void theDeployRoleReadsTheDeploySettingsTheSecretsAndTheKubeconfigButNotTheK3sToken() {
        List<Map<String, Object>> statements = statements("deploy");
        assertThat(resourcesAllowing(statements, TerraformTests::readsParameters))
                .containsExactlyInAnyOrder(
                        SSM_PREFIX_ARN + "/deploy/*",
                        SSM_PREFIX_ARN + "/secrets/*",
                        KUBECONFIG_ARN,
                        SSM_PREFIX_ARN + "/deploy",
                        SSM_PREFIX_ARN + "/secrets");
        assertThat(resourcesAllowing(statements, "ssm:GetParametersByPath"::equals))
                .as("GetParametersByPath is authorized on the path: only deploy and secrets")
                .containsExactlyInAnyOrder(SSM_PREFIX_ARN + "/deploy", SSM_PREFIX_ARN + "/secrets");
        assertThat(statements.stream().flatMap(statement -> actions(statement).stream()))
                .noneMatch(action -> action.startsWith("s3:") || action.equals("ssm:PutParameter"));
    }

    @Test
    void theClusterAutoscalerMayOnlyScaleThisClustersGroupAndOwnsItsDesiredCapacity() {
        List<Map<String, Object>> statements = statements("node");
        assertThat(statements.stream().flatMap(statement -> actions(statement).stream()))
                .contains(
                        "autoscaling:DescribeAutoScalingGroups",
                        "ec2:DescribeLaunchTemplateVersions",
                        "ec2:DescribeInstanceTypes",
                        "ec2:DescribeImages",
                        "ec2:GetInstanceTypesFromInstanceRequirements",
                        "autoscaling:SetDesiredCapacity",
                        "autoscaling:TerminateInstanceInAutoScalingGroup");
        assertThat(statements)
                .filteredOn(statement -> actions(statement).stream()
                        .anyMatch(action ->
                                action.startsWith("autoscaling:") && !action.startsWith("autoscaling:Describe")))
                .as("every mutating autoscaling action is conditioned on this cluster's owner tag")
                .isNotEmpty()
                .allSatisfy(statement -> assertThat(blocks(statement, "condition"))
                        .anySatisfy(condition -> {
                            assertThat(condition.get("test")).isEqualTo("StringEquals");
                            assertThat(condition.get("variable")).isEqualTo("aws:ResourceTag/" + AUTOSCALER_OWNER_TAG);
                            assertThat(strings(condition.get("values"))).containsExactly("owned");
                        }));

        Map<String, Object> asg = resource("aws_autoscaling_group", "k3s");
        List<Map<String, Object>> tags = blocks(asg, "tag");
        assertThat(tags).anySatisfy(tag -> assertThat(tag.get("key")).isEqualTo("k8s.io/cluster-autoscaler/enabled"));
        assertThat(tags).anySatisfy(tag -> {
            assertThat(tag.get("key")).isEqualTo(AUTOSCALER_OWNER_TAG);
            assertThat(tag.get("value")).isEqualTo("owned");
        });
        assertThat(references(block(asg, "lifecycle").get("ignore_changes")))
                .as("Terraform does not reset what the autoscaler set")
                .contains("desired_capacity");
        assertThat(CONFIG.get("variable")).containsKey("cluster_autoscaler_chart_version");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theControllersThatUseTheNodeRoleRunOnTheHostNetwork() throws IOException {
        Map<String, Map<String, Object>> charts = helmCharts();
        assertThat(charts).containsOnlyKeys("aws-load-balancer-controller", "cluster-autoscaler");

        Map<String, Object> lb =
                (Map<String, Object>) charts.get("aws-load-balancer-controller").get("values");
        assertThat(lb.get("hostNetwork"))
                .as("IMDS answers the host network only")
                .isEqualTo(true);
        assertThat(lb.get("replicaCount")).isEqualTo(2);
        Map<String, Object> antiAffinity = block(lb, "affinity", "podAntiAffinity");
        assertThat((List<Map<String, Object>>) antiAffinity.get("requiredDuringSchedulingIgnoredDuringExecution"))
                .as("host ports: never two replicas on one node")
                .anySatisfy(term -> {
                    assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
                    assertThat(block(term, "labelSelector", "matchLabels"))
                            .containsEntry("app.kubernetes.io/name", "aws-load-balancer-controller");
                });

        Map<String, Object> autoscaler = charts.get("cluster-autoscaler");
        assertThat(autoscaler.get("repo")).isEqualTo("https://kubernetes.github.io/autoscaler");
        assertThat(autoscaler.get("version")).isEqualTo("${autoscaler_chart_version}");
        Map<String, Object> values = (Map<String, Object>) autoscaler.get("values");
        assertThat(values.get("hostNetwork"))
                .as("IMDS answers the host network only")
                .isEqualTo(true);
        assertThat(values.get("cloudProvider")).isEqualTo("aws");
        assertThat(values.get("awsRegion")).isEqualTo("${region}");
        assertThat(block(values, "autoDiscovery").get("clusterName")).isEqualTo("${cluster_name}");
    }

    @Test
    void theLaunchTemplatePassesEveryVariableTheUserDataUses() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher interpolations = Pattern.compile("(?<!\\$)\\$\\{([a-z0-9_]+)}").matcher(Files.readString(USER_DATA));
        while (interpolations.find()) {
            used.add(interpolations.group(1));
        }
        String k3s = Files.readString(TERRAFORM.resolve("k3s.tf"));
        String call = k3s.substring(k3s.indexOf("templatefile("), k3s.indexOf("}))", k3s.indexOf("templatefile(")));
        Set<String> passed = new TreeSet<>();
        Matcher keys = Pattern.compile("(?m)^\\s+([a-z0-9_]+)\\s+=").matcher(call);
        while (keys.find()) {
            passed.add(keys.group(1));
        }
        assertThat(passed)
                .containsExactlyElementsOf(used)
                .contains("autoscaler_chart_version", "region", "cluster_name");
    }

    @Test
    void postgres16RunsPrivateEncryptedAndBackedUpBehindTheNodesOnly() {
        Map<String, Object> db = resource("aws_db_instance", "main");
        assertThat(db.get("engine")).isEqualTo("postgres");
        assertThat(String.valueOf(db.get("engine_version"))).startsWith("16");
        assertThat(db.get("storage_encrypted")).isEqualTo(true);
        assertThat(db.get("publicly_accessible")).isEqualTo(false);
        assertThat(db).containsKey("backup_retention_period");
        assertThat(reference(db.get("password"))).isEqualTo("random_password.db.result");
        assertThat(references(db.get("vpc_security_group_ids"))).containsExactly("aws_security_group.db.id");
        assertThat(references(resource("aws_db_subnet_group", "main").get("subnet_ids"))
                        .getFirst())
                .startsWith("aws_subnet.private");

        List<Map<String, Object>> ingress = blocks(resource("aws_security_group", "db"), "ingress");
        assertThat(ingress).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule).as("no CIDR may reach the database").doesNotContainKeys("cidr_blocks", "ipv6_cidr_blocks");
            assertThat(references(rule.get("security_groups"))).containsExactly("aws_security_group.nodes.id");
            assertThat(number(rule.get("from_port"))).isEqualTo(5432);
        });
    }

    @Test
    void theBucketIsPrivateEncryptedUnversionedAndExpiresJobsAfterOneDay() {
        resource("aws_s3_bucket", "objects");
        Map<String, Object> block = resource("aws_s3_bucket_public_access_block", "objects");
        for (String flag :
                List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")) {
            assertThat(block.get(flag)).as(flag).isEqualTo(true);
        }
        assertThat(block(
                        resource("aws_s3_bucket_server_side_encryption_configuration", "objects"),
                        "rule",
                        "apply_server_side_encryption_by_default"))
                .containsKey("sse_algorithm");
        for (Object versioning : resources("aws_s3_bucket_versioning").values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) versioning;
            assertThat(block(body, "versioning_configuration").get("status"))
                    .as("versioning stays off")
                    .isIn("Disabled", "Suspended");
        }
        List<Map<String, Object>> rules = blocks(resource("aws_s3_bucket_lifecycle_configuration", "objects"), "rule");
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.get("status")).isEqualTo("Enabled");
            assertThat(block(rule, "filter").get("prefix")).isEqualTo("jobs/");
            assertThat(number(block(rule, "expiration").get("days"))).isEqualTo(1);
        });
    }

    @Test
    void ecrScansEveryPushAndKeepsTagsImmutableWithALifecyclePolicy() {
        Map<String, Object> repository = resource("aws_ecr_repository", "app");
        assertThat(block(repository, "image_scanning_configuration").get("scan_on_push"))
                .isEqualTo(true);
        assertThat(repository.get("image_tag_mutability")).isEqualTo("IMMUTABLE");
        assertThat(reference(resource("aws_ecr_lifecycle_policy", "app").get("repository")))
                .isEqualTo("aws_ecr_repository.app.name");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySecretIsAGeneratedSecureStringParameter() {
        Map<String, Object> parameters = resources("aws_ssm_parameter");
        for (String key : SECRET_PARAMETERS) {
            assertThat(parameters.values())
                    .as("a SecureString parameter for %s", key)
                    .anySatisfy(body -> {
                        Map<String, Object> parameter = (Map<String, Object>) body;
                        assertThat(String.valueOf(parameter.get("name"))).endsWith("/secrets/" + key);
                        assertThat(parameter.get("type")).isEqualTo("SecureString");
                    });
        }
        assertThat(reference(resource("aws_ssm_parameter", "postgres_password").get("value")))
                .isEqualTo("random_password.db.result");
        assertThat(resources("random_password")).containsKeys("db", "rabbitmq", "redis");
    }

    @Test
    void theAlbSecurityGroupAdmitsHttpAndHttpsFromTheConfiguredCidrsOnly() {
        List<Map<String, Object>> ingress = blocks(resource("aws_security_group", "alb"), "ingress");
        assertThat(ingress)
                .extracting(rule -> (int) number(rule.get("from_port")))
                .containsExactlyInAnyOrder(80, 443);
        assertThat(ingress).allSatisfy(rule -> {
            Object cidrs = rule.get("cidr_blocks");
            assertThat(cidrs.equals(CIDR_MARKER) || "var.alb_ingress_cidrs".equals(reference(cidrs)))
                    .as("ingress from var.alb_ingress_cidrs (got %s)", cidrs)
                    .isTrue();
            assertThat(rule).doesNotContainKey("security_groups");
        });
        assertThat(CONFIG.get("variable")).containsKey("alb_ingress_cidrs");
    }

    @Test
    @SuppressWarnings("unchecked")
    void fourAlarmsWatchTheAlbTheNodesAndTheDatabaseAndNotifyTheSnsTopic() {
        Map<String, Object> alarms = resources("aws_cloudwatch_metric_alarm");
        Map<String, List<String>> metrics = Map.of(
                "alb_5xx", List.of("HTTPCode_ELB_5XX_Count"),
                "asg_in_service", List.of("GroupInServiceInstances", "GroupDesiredCapacity"),
                "rds_cpu_high", List.of("CPUUtilization"),
                "rds_free_storage_low", List.of("FreeStorageSpace"));
        assertThat(alarms).containsKeys(metrics.keySet().toArray(String[]::new));
        metrics.forEach((name, expected) -> {
            Map<String, Object> alarm = (Map<String, Object>) alarms.get(name);
            assertThat(references(alarm.get("alarm_actions")))
                    .as("%s notifies the topic", name)
                    .contains("aws_sns_topic.alarms.arn");
            List<String> used = new ArrayList<>();
            if (alarm.get("metric_name") != null) {
                used.add((String) alarm.get("metric_name"));
            }
            for (Map<String, Object> query : blocks(alarm, "metric_query")) {
                if (query.get("metric") instanceof Map<?, ?> metric) {
                    used.add(String.valueOf(metric.get("metric_name")));
                }
            }
            assertThat(used).as("metrics of %s", name).containsAll(expected);
        });
        resource("aws_sns_topic", "alarms");
        Map<String, Object> email = resource("aws_sns_topic_subscription", "email");
        assertThat(email.get("protocol")).isEqualTo("email");
        assertThat(email).as("the e-mail subscription is optional").containsKey("count");
        assertThat(resource("aws_autoscaling_group", "k3s")
                        .get("enabled_metrics")
                        .toString())
                .contains("GroupInServiceInstances", "GroupDesiredCapacity");
    }
}
