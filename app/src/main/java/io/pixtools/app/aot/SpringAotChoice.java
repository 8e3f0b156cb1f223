package io.pixtools.app.aot;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether this start uses the bean definitions that Spring AOT generated at build time ({@code process-aot}), which
 * skips parsing configuration classes and evaluating conditions: about half a second of a four-second start on two
 * cores. The build evaluated every condition on the embedded default (every role, no profile, no setting), so the
 * generated definitions are right only for a start whose settings decide no condition differently. Any setting that
 * may do so turns AOT off: Spring's own settings, those of the libraries whose auto-configurations PixTools uses,
 * PixTools' settings that conditions read ({@link #CONDITION_PROPERTIES}), arguments and configuration files.
 * Everything else (the data directory, the port, limits, access) is read at run time as usual.
 */
public final class SpringAotChoice {

    static final String ENABLED = "spring.aot.enabled";

    /** Set by Spring while it generates the AOT code at build time. */
    static final String PROCESSING = "spring.aot.processing";

    /**
     * Written by process-aot ({@link EmbeddedDefaultMarker}) when the build's own settings were the embedded
     * default's; without it (classes not AOT-processed, or processed under other settings) no start uses AOT.
     */
    static final String MARKER = "META-INF/pixtools/spring-aot-embedded-default";

    /**
     * PixTools' settings that decide a condition or an auto-configuration's exclusion. {@code SpringAotChoiceTests}
     * fails when a condition in PixTools' code names a property missing here.
     */
    static final Set<String> CONDITION_PROPERTIES = Set.of(
            "pixtools.roles",
            "pixtools.command",
            "pixtools.transport",
            "pixtools.idempotency.store",
            "pixtools.rate-limits.store",
            "pixtools.object-store.embedded",
            "pixtools.ml.enabled",
            "camel.main.jmx-enabled");

    /** Prefixes of properties whose auto-configurations may read them in conditions. */
    static final List<String> DECIDING_PREFIXES =
            List.of("spring.", "management.", "server.", "camel.", "hawtio.", "jolokia.", "otel.", "springdoc.");

    /** Settings under those prefixes that no condition reads: the port the embedded default already takes. */
    static final Set<String> NOT_DECIDING = Set.of("server.port");

    /**
     * Variables read by name rather than bound: the platform Spring detects, and one that {@code application.yaml}
     * reads. ({@code -D} settings in {@code JAVA_TOOL_OPTIONS} arrive as system properties and are checked as such.)
     */
    static final Set<String> DECIDING_VARIABLES = Set.of("KUBERNETES_SERVICE_HOST", "PIXTOOLS_JMX_ENABLED");

    private static final List<String> CONFIGURATION_FILES =
            List.of("application.properties", "application.yaml", "application.yml", "config");

    private static final Pattern SEPARATORS = Pattern.compile("[._-]");
    private static final Set<String> CANONICAL_CONDITIONS = canonical(CONDITION_PROPERTIES);
    private static final Set<String> CANONICAL_PREFIXES = canonical(DECIDING_PREFIXES);
    private static final Set<String> CANONICAL_NOT_DECIDING = canonical(NOT_DECIDING);

    private SpringAotChoice() {}

    /** Turns Spring AOT on for this process when its settings match the build's; an explicit choice stands. */
    public static void apply(String[] args) {
        // While process-aot generates the code it runs main() too, and must not use the previous build's.
        if (System.getProperty(ENABLED) != null || Boolean.getBoolean(PROCESSING) || !generated()) {
            return;
        }
        if (matchesBuild(System.getenv(), System.getProperties(), args, Path.of(""))) {
            System.setProperty(ENABLED, "true");
        }
    }

    static boolean matchesBuild(Map<String, String> environment, Properties system, String[] args, Path workingDir) {
        if (args.length > 0) {
            return false;
        }
        if (environment.keySet().stream().anyMatch(SpringAotChoice::decidingVariable)) {
            return false;
        }
        if (system.stringPropertyNames().stream().anyMatch(SpringAotChoice::decidingProperty)) {
            return false;
        }
        return CONFIGURATION_FILES.stream().noneMatch(name -> Files.exists(workingDir.resolve(name)));
    }

    static boolean decidingVariable(String name) {
        return DECIDING_VARIABLES.contains(name.toUpperCase(Locale.ROOT)) || decidingSetting(name);
    }

    static boolean decidingProperty(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return !lower.equals(ENABLED) && !lower.equals(PROCESSING) && decidingSetting(key);
    }

    /**
     * Compared without case and separators, as Spring's relaxed binding does: SERVER_PORT is server.port,
     * PIXTOOLS_OBJECTSTORE_EMBEDDED is pixtools.object-store.embedded.
     */
    private static boolean decidingSetting(String name) {
        String bound = canonical(name);
        return CANONICAL_CONDITIONS.contains(bound)
                || CANONICAL_PREFIXES.stream().anyMatch(bound::startsWith) && !CANONICAL_NOT_DECIDING.contains(bound);
    }

    private static String canonical(String name) {
        return SEPARATORS.matcher(name.toUpperCase(Locale.ROOT)).replaceAll("");
    }

    private static Set<String> canonical(Collection<String> names) {
        return names.stream().map(SpringAotChoice::canonical).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Only a packaged jar: classes run from a directory (an IDE, {@code spring-boot:run} after {@code compile}) may
     * have changed since the last process-aot left its code and marker there.
     */
    private static boolean generated() {
        URL marker = SpringAotChoice.class.getClassLoader().getResource(MARKER);
        return marker != null && marker.getProtocol().equals("jar");
    }
}
