package io.pixtools.app.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Defaults that depend on the machine, added as the lowest-precedence properties so that Java configuration and
 * Camel endpoint placeholders read the same values and any explicit setting wins:
 * thread counts from the CPU cores, and the embedded H2 database file under the data directory (as an absolute
 * path, which H2 requires).
 */
public class DefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int cores = Runtime.getRuntime().availableProcessors();
        Path dataDir = Path.of(environment.getProperty("pixtools.data-dir", "./data")).toAbsolutePath().normalize();
        environment.getPropertySources().addLast(new MapPropertySource("pixtools-defaults", Map.of(
                "pixtools.workers.vips-concurrency", cores,
                "pixtools.workers.standard-concurrency", cores,
                "spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("db/pixtools") + H2_OPTIONS)));
    }
}
