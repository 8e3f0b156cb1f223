package io.pixtools.app.access;

import io.pixtools.app.settings.PixToolsProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The keys that open the API: the database's active keys and those of {@code PIXTOOLS_API_KEYS}, by hash. Read
 * again every {@link #REFRESH} at most, so a key revoked with {@code ./pixtools keys} stops working on every replica
 * within that time. A key not known yet that has the form of a created key is looked up in the database when it is
 * presented, so a new key works at once, also on its first request to a replica that was open until then; at most
 * {@link #LOOKUPS} such look-ups run at once, so that made-up keys cannot take the database's connections. A failed
 * read keeps the keys already known. Once a key has existed the API stays closed, also when every key is revoked:
 * revoking a leaked key before creating its successor must not open the API to everyone.
 */
@Component
public class ApiKeyRegistry {

    static final Duration REFRESH = Duration.ofSeconds(5);
    static final int LOOKUPS = 2;
    private static final Pattern CREATED_KEY =
            Pattern.compile(Pattern.quote(ApiKeySecrets.PREFIX) + "[A-Za-z0-9_-]{43}");
    private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);

    private final ApiKeyStore store;
    private final PixToolsProperties.Auth auth;
    private final Map<String, String> bootstrap = new HashMap<>();
    private final Clock clock;
    private volatile Map<String, String> keys = Map.of();
    private volatile Instant readAt = Instant.MIN;
    private volatile boolean stale;
    private volatile boolean closed;
    private final Semaphore lookups = new Semaphore(LOOKUPS);

    @Autowired
    public ApiKeyRegistry(ApiKeyStore store, PixToolsProperties properties) {
        this(store, properties, Clock.systemUTC());
    }

    ApiKeyRegistry(ApiKeyStore store, PixToolsProperties properties, Clock clock) {
        this.store = store;
        this.auth = properties.auth();
        this.clock = clock;
        for (String key : properties.apiKeys()) {
            String trimmed = key.strip();
            if (trimmed.length() < 20) {
                throw new IllegalArgumentException("PIXTOOLS_API_KEYS: every key needs at least 20 characters "
                        + "(./pixtools keys create makes good ones)");
            }
            bootstrap.put(ApiKeySecrets.hash(trimmed), ApiKeySecrets.bootstrapId(trimmed));
        }
    }

    /** Whether a request must carry a key: keys are on and one exists or has existed. */
    public boolean required() {
        return enabled() && (!current().isEmpty() || closed);
    }

    /** Whether API keys are on at all ({@code PIXTOOLS_AUTH=keys}, the default), whether or not one exists yet. */
    public boolean enabled() {
        return auth == PixToolsProperties.Auth.KEYS;
    }

    /**
     * The id of the key, when it is an active one. The lookup is by SHA-256 of what was presented, so its timing
     * tells nothing about how much of a real key a guess got right.
     *
     * @throws LookupUnavailableException when a key had to be looked up and the database could not be asked
     */
    public Optional<String> keyId(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        String hash = ApiKeySecrets.hash(presented);
        String known = current().get(hash);
        if (known != null) {
            return Optional.of(known);
        }
        if (!CREATED_KEY.matcher(presented).matches()) {
            return Optional.empty();
        }
        Optional<String> created = lookUp(hash);
        if (created.isPresent()) {
            // All keys are read again at the next request: the API may have been open until this key was created.
            stale = true;
        }
        return created;
    }

    private Optional<String> lookUp(String hash) {
        try {
            if (!lookups.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                throw new LookupUnavailableException("too many unknown API keys are being looked up at once", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupUnavailableException("interrupted", e);
        }
        try {
            return store.activeKeyId(hash);
        } catch (RuntimeException e) {
            throw new LookupUnavailableException("the database did not answer: " + e.getMessage(), e);
        } finally {
            lookups.release();
        }
    }

    public int count() {
        return current().size();
    }

    private Map<String, String> current() {
        Instant now = clock.instant();
        if (stale || readAt.plus(REFRESH).isBefore(now)) {
            synchronized (this) {
                if (stale || readAt.plus(REFRESH).isBefore(now)) {
                    reload(now);
                }
            }
        }
        return keys;
    }

    private void reload(Instant now) {
        // Cleared before reading, so that a key found while this read runs asks for another.
        stale = false;
        try {
            Map<String, String> all = new HashMap<>(store.activeHashes());
            all.putAll(bootstrap);
            keys = Map.copyOf(all);
            closed = closed || !all.isEmpty() || store.anyCreated();
        } catch (RuntimeException e) {
            if (keys.isEmpty()) {
                keys = Map.copyOf(bootstrap);
            }
            log.warn("Could not read the API keys ({}); using the {} already known", e.getMessage(), keys.size());
        }
        readAt = now;
    }

    /** A presented key could not be looked up (the database did not answer, or too many look-ups ran): 503. */
    public static final class LookupUnavailableException extends RuntimeException {

        LookupUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
