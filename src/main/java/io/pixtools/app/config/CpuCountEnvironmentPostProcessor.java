package io.pixtools.app.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults the thread counts to the cores this process may use, as the lowest-precedence properties, so that
 * Java configuration and Camel endpoint placeholders read the same values.
 */
public class CpuCountEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int cores = Runtime.getRuntime().availableProcessors();
        environment.getPropertySources().addLast(new MapPropertySource("pixtools-cpu-defaults", Map.of(
                "pixtools.workers.vips-concurrency", cores,
                "pixtools.workers.standard-concurrency", cores)));
    }
}
