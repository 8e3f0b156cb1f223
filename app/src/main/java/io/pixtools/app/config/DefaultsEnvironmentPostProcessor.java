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

    /** WRITE_DELAY=0: H2 writes its file at every commit (by default it waits up to half a second, which a crash loses). */
    /**
     * AUTO_SERVER: the first process opens the file and serves it to others, so that {@code ./pixtools keys} works
     * while PixTools runs; its TCP port is bound to the loopback address only ({@code h2.bindAddress}, set below).
     */
    static final String H2_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0" + ";AUTO_SERVER=TRUE";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int cores = Runtime.getRuntime().availableProcessors();
        Path dataDir = Path.of(environment.getProperty("pixtools.data-dir", "./data"))
                .toAbsolutePath()
                .normalize();
        Set<Roles> roles = Roles.parse(environment.getProperty("pixtools.roles", Roles.ALL));

        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("pixtools.workers.vips-concurrency", cores);
        defaults.put("pixtools.workers.standard-concurrency", cores);
        // Concurrent denoise tasks share the cores rather than each taking all of them.
        int mlConcurrency = environment.getProperty("pixtools.workers.ml-concurrency", Integer.class, 1);
        defaults.put("pixtools.denoise.threads", Math.max(1, cores / Math.max(1, mlConcurrency)));
        defaults.put("pixtools.ml.enabled", roles.contains(Roles.WORKER_ML));
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
        String unused = unusedClients(environment);
        if (!unused.isEmpty()) {
            defaults.put("spring.autoconfigure.exclude", unused);
        }
        environment.getPropertySources().addLast(new MapPropertySource("pixtools-defaults", defaults));
    }

    /**
     * The Redis client (Lettuce, with its Netty event loops) and the RabbitMQ client are started only where a setting
     * uses them: on the embedded default they cost a second of start-up, 2,000 classes and idle threads.
     */
    static String unusedClients(ConfigurableEnvironment environment) {
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
        return String.join(",", unused);
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
