package io.pixtools.app.access;

import java.io.PrintStream;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code keys create NAME | list | revoke NAME}: manages the API keys in the configured database (the embedded
 * default's H2 file, also while PixTools runs, or PostgreSQL with the distributed settings), then exits. The raw key is
 * printed once, on creation; only its hash is stored.
 */
public final class KeysCommand {

    static final String USAGE = "usage: keys create NAME | keys list | keys revoke NAME";

    private KeysCommand() {}

    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !valid(args)) {
            err.println(USAGE);
            return 2;
        }
        SpringApplication app = new SpringApplication(application);
        app.setDefaultProperties(Map.of(
                "pixtools.roles", "migrate",
                "pixtools.command", "keys",
                "spring.main.banner-mode", "off",
                "spring.main.lazy-initialization", "true",
                // stdout carries the key alone (KEY=$(./pixtools keys create NAME)); problems go to stderr below.
                "logging.level.root", "OFF"));
        try (ConfigurableApplicationContext context = app.run()) {
            ApiKeyStore store = context.getBean(ApiKeyStore.class);
            switch (args[0]) {
                case "create" -> {
                    String key = store.create(args[1]);
                    out.println(key);
                    err.println("Created API key '" + args[1] + "'. It is shown this once: store it now. Send it as "
                            + "'Authorization: Bearer <key>'.");
                }
                case "list" -> {
                    out.printf("%-24s %-12s %-26s %s%n", "NAME", "PREFIX", "CREATED", "STATUS");
                    for (ApiKey key : store.list()) {
                        out.printf(
                                "%-24s %-12s %-26s %s%n",
                                key.name(),
                                key.prefix(),
                                key.createdAt(),
                                key.active() ? "active" : "revoked " + key.revokedAt());
                    }
                }
                default -> {
                    if (!store.revoke(args[1])) {
                        err.println("No active key named '" + args[1] + "'.");
                        return 1;
                    }
                    err.println("Revoked '" + args[1] + "'; every PixTools process refuses it within "
                            + ApiKeyRegistry.REFRESH.toSeconds() + " seconds.");
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            err.println("keys: " + e.getMessage() + (root == e ? "" : " (" + root + ")"));
            return 1;
        }
    }

    private static boolean valid(String[] args) {
        return switch (args[0]) {
            case "create", "revoke" -> args.length == 2;
            case "list" -> args.length == 1;
            default -> false;
        };
    }
}
