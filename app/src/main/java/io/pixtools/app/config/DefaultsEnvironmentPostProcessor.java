package io.pixtools.app.config;

import io.pixtools.app.settings.Roles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Settings derived from other settings and from the machine, added as the lowest-precedence properties so that
 * any explicit setting wins:
 * <ul>
 *   <li>thread counts from the CPU cores;</li>
 *   <li>the embedded H2 database file under the data directory (as an absolute path, which H2 requires);</li>
 *   <li>this process's scratch directories for work files and the web server;</li>
 *   <li>from {@code pixtools.roles}: the route files this process loads, and, without the api role, no web page,
 *       no OpenAPI document and no REST routes (health and metrics stay under /actuator).</li>
 * </ul>
 */
public class DefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    private final Log log;

    public DefaultsEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(DefaultsEnvironmentPostProcessor.class);
    }

    /**
     * WRITE_DELAY=0: H2 writes its file at every commit (by default it waits up to half a second, which a crash loses).
     * QUERY_CACHE_SIZE=64: each connection keeps its parsed statements; H2 keeps 8 by default, fewer than a job's path
     * runs, and parsing again cost 1.5 % of the CPU of a small job (docs/benchmarks.md, thirteenth round).
     * AUTO_SERVER: the first process opens the file and serves it to others, so that {@code ./pixtools keys} works
     * while PixTools runs; its TCP port is bound to the loopback address only ({@code h2.bindAddress}, set below).
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
            + ";QUERY_CACHE_SIZE=64;AUTO_SERVER=TRUE";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int cores = Runtime.getRuntime().availableProcessors();
        Path dataDir = Path.of(environment.getProperty("pixtools.data-dir", "./data"))
                .toAbsolutePath()
                .normalize();
        Set<Roles> roles = Roles.parse(environment.getProperty("pixtools.roles", Roles.ALL));
        DataDirectoryAccess.restrict(dataDir).ifPresent(log::warn);

        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("pixtools.workers.vips-concurrency", cores);
        // One conversion more than the cores: a conversion waits for its files to reach the disk and for H2, and the
        // extra one fills those gaps (docs/benchmarks.md, seventeenth round: 8-10 % of the cores idle with as many as
        // the cores, 3-5 % with one more, 5 % more small jobs per second).
        defaults.put("pixtools.workers.standard-concurrency", cores + 1);
        defaults.put("pixtools.workers.intake-concurrency", 2 * cores);
        // Concurrent denoise tasks share the cores rather than each taking all of them.
        int mlConcurrency = environment.getProperty("pixtools.workers.ml-concurrency", Integer.class, 1);
        defaults.put("pixtools.denoise.threads", Math.max(1, cores / Math.max(1, mlConcurrency)));
        defaults.put("pixtools.ml.enabled", roles.contains(Roles.WORKER_ML));
        defaults.put("camel.opentelemetry.enabled", tracesExported(environment));
        defaults.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("db/pixtools") + H2_OPTIONS);
        // Scratch space per process, swept at the next start-up when the process is gone (see ProcessDirectories).
        defaults.put(
                "pixtools.workers.work-dir",
                ProcessDirectories.of(dataDir, "tmp").toString());
        defaults.put(
                "server.tomcat.basedir",
                ProcessDirectories.of(dataDir, "tomcat").toString());
        ProcessDirectories.sweep(dataDir).forEach(log::info);
        defaults.put("camel.main.routes-include-pattern", routePattern(roles));
        if (!roles.contains(Roles.API)) {
            defaults.put("spring.web.resources.add-mappings", false);
            defaults.put("camel.rest.api-context-path", "");
        }
        if (roles.equals(Set.of(Roles.MIGRATE))) {
            // Migrating needs the database only: no web server, no bucket, no broker.
            defaults.put("spring.main.web-application-type", "none");
            defaults.put("pixtools.object-store.create-bucket", false);
            defaults.put("pixtools.rabbit.declare-on-startup", false);
        }
        List<String> unused = new ArrayList<>(NEVER_USED);
        unused.addAll(unusedClients(environment));
        defaults.put("spring.autoconfigure.exclude", String.join(",", unused));
        environment.getPropertySources().addLast(new MapPropertySource("pixtools-defaults", defaults));
    }

    /**
     * Auto-configurations on the class path that PixTools never uses, in either mode: Camel's secret vaults and cloud
     * service calls, Camel components and languages no route uses (Camel still finds a component by its scheme; these
     * only bind camel.component.* settings), and Spring's for libraries that came along (Gson, Spring Data's web
     * support, WebSocket, OTLP logging). Each costs start-up time for its configuration class and beans.
     */
    static final List<String> NEVER_USED = List.of(
            "org.apache.camel.spring.boot.cloud.CamelCloudAutoConfiguration",
            "org.apache.camel.spring.boot.cloud.CamelCloudServiceCallConfigurationAutoConfiguration",
            "org.apache.camel.spring.boot.cloud.CamelCloudServiceChooserAutoConfiguration",
            "org.apache.camel.spring.boot.cloud.CamelCloudServiceDiscoveryAutoConfiguration",
            "org.apache.camel.spring.boot.cloud.CamelCloudServiceFilterAutoConfiguration",
            "org.apache.camel.spring.boot.vault.AwsVaultAutoConfiguration",
            "org.apache.camel.spring.boot.vault.AzureVaultAutoConfiguration",
            "org.apache.camel.spring.boot.vault.CyberArkVaultAutoConfiguration",
            "org.apache.camel.spring.boot.vault.GcpVaultAutoConfiguration",
            "org.apache.camel.spring.boot.vault.HashicorpVaultAutoConfiguration",
            "org.apache.camel.spring.boot.vault.IBMVaultAutoConfiguration",
            "org.apache.camel.spring.boot.vault.KubernetesConfigMapVaultAutoConfiguration",
            "org.apache.camel.spring.boot.vault.KubernetesVaultAutoConfiguration",
            "org.apache.camel.component.beanclass.springboot.ClassComponentAutoConfiguration",
            "org.apache.camel.component.browse.springboot.BrowseComponentAutoConfiguration",
            "org.apache.camel.component.controlbus.springboot.ControlBusComponentAutoConfiguration",
            "org.apache.camel.component.dataformat.springboot.DataFormatComponentAutoConfiguration",
            "org.apache.camel.component.dataset.springboot.DataSetComponentAutoConfiguration",
            "org.apache.camel.component.dataset.springboot.DataSetTestComponentAutoConfiguration",
            "org.apache.camel.component.file.springboot.FileComponentAutoConfiguration",
            "org.apache.camel.component.language.springboot.LanguageComponentAutoConfiguration",
            "org.apache.camel.component.ref.springboot.RefComponentAutoConfiguration",
            "org.apache.camel.component.saga.springboot.SagaComponentAutoConfiguration",
            "org.apache.camel.component.scheduler.springboot.SchedulerComponentAutoConfiguration",
            "org.apache.camel.component.stub.springboot.StubComponentAutoConfiguration",
            "org.apache.camel.component.validator.springboot.ValidatorComponentAutoConfiguration",
            "org.apache.camel.component.xslt.springboot.XsltComponentAutoConfiguration",
            "org.apache.camel.language.csimple.springboot.CSimpleLanguageAutoConfiguration",
            "org.apache.camel.language.ref.springboot.RefLanguageAutoConfiguration",
            "org.apache.camel.language.simple.springboot.FileLanguageAutoConfiguration",
            "org.apache.camel.language.tokenizer.springboot.TokenizeLanguageAutoConfiguration",
            "org.apache.camel.language.variable.springboot.VariableLanguageAutoConfiguration",
            "org.apache.camel.language.xpath.springboot.XPathLanguageAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.data.RepositoryMetricsAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.web.SpringDataWebAutoConfiguration",
            "org.springframework.boot.autoconfigure.gson.GsonAutoConfiguration",
            "org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration");

    /**
     * Whether an OpenTelemetry exporter takes the traces ({@code OTEL_TRACES_EXPORTER}, none by default). Only then do
     * the routes make spans: without one nobody reads them, and Camel's tracing cost 2 % of the CPU of a small job
     * (docs/benchmarks.md, eighteenth round). {@code CAMEL_OPENTELEMETRY_ENABLED=true} turns it on regardless, to pass
     * a caller's trace context on without exporting.
     */
    static boolean tracesExported(Environment environment) {
        String exporter =
                environment.getProperty("otel.traces.exporter", "none").trim();
        return !exporter.isEmpty() && !exporter.equalsIgnoreCase("none");
    }

    /**
     * The Redis client (Lettuce, with its Netty event loops) and the RabbitMQ client are started only where a setting
     * uses them: on the embedded default they cost a second of start-up, 2,000 classes and idle threads.
     */
    static List<String> unusedClients(ConfigurableEnvironment environment) {
        List<String> unused = new ArrayList<>();
        boolean redis = Stream.of("pixtools.idempotency.store", "pixtools.rate-limits.store")
                .anyMatch(key -> "redis".equalsIgnoreCase(environment.getProperty(key, "memory")));
        if (!redis) {
            unused.addAll(List.of(
                    "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
                    "org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration",
                    "org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration"));
        }
        if (!"rabbitmq".equalsIgnoreCase(environment.getProperty("pixtools.transport", "seda"))) {
            unused.add("org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration");
        }
        return unused;
    }

    /** The route files of the roles, shared ones included, that exist on the class path. */
    static String routePattern(Set<Roles> roles) {
        if (roles.equals(Set.of(Roles.MIGRATE))) {
            // A pattern that matches no file: migrating runs no route (an explicit name that is missing is an error).
            return "classpath:routes/migrate-runs-no-route-*.camel.yaml";
        }
        Set<String> files = new LinkedHashSet<>(Roles.SHARED_ROUTES);
        roles.forEach(role -> files.addAll(role.routeFiles()));
        return files.stream()
                .filter(stem -> new ClassPathResource("routes/" + stem + ".camel.yaml").exists())
                .map(stem -> "classpath:routes/" + stem + ".camel.yaml")
                .collect(Collectors.joining(","));
    }
}
