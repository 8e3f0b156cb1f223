package io.pixtools.app.settings;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles one process can take ({@code PIXTOOLS_ROLES}, any combination; all of them by default) and the route
 * files each role loads. A role only decides which flows run: the routes themselves are the same everywhere.
 */
public enum Roles {
    API("api", "intake", "dispatch", "jobs", "health"),
    WORKER_STANDARD("convert", "worker", "aggregate", "webhook"),
    WORKER_ML("denoise", "worker", "aggregate"),
    SCHEDULER("prune", "recover", "dispatch", "aggregate"),
    /** Applies the database migrations and exits: the one-shot job before a deployment. */
    MIGRATE();

    /** Route files every role loads: the error handling that routes opt into. */
    public static final List<String> SHARED_ROUTES = List.of("error-handling");

    public static final String ALL = "api,worker-standard,worker-ml,scheduler";

    private final List<String> routeFiles;

    Roles(String... routeFiles) {
        this.routeFiles = List.of(routeFiles);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public List<String> routeFiles() {
        return routeFiles;
    }

    public static Set<Roles> parse(String value) {
        Map<String, Roles> byId = Arrays.stream(values()).collect(Collectors.toMap(Roles::id, r -> r));
        Set<Roles> roles = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String id = part.strip().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            Roles role = byId.get(id);
            if (role == null) {
                throw new IllegalArgumentException("PIXTOOLS_ROLES: unknown role '" + part.strip() + "'; roles are "
                        + Arrays.stream(values()).map(Roles::id).collect(Collectors.joining(", ")));
            }
            roles.add(role);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("PIXTOOLS_ROLES: give at least one role");
        }
        return roles;
    }
}
