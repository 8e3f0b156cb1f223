package io.pixtools.app.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pixtools.app.settings.PixToolsProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The key registry against a store that counts what it is asked: which presented keys reach the database, what a
 * key found there changes, and what happens when the database cannot be asked.
 */
class ApiKeyRegistryTests {

    private final CountingStore store = new CountingStore();

    private static PixToolsProperties properties(String auth) {
        return new Binder(new MapConfigurationPropertySource(Map.of("pixtools.auth", auth)))
                .bindOrCreate("pixtools", PixToolsProperties.class);
    }

    private ApiKeyRegistry registry(String auth) {
        return new ApiKeyRegistry(store, properties(auth), Clock.systemUTC());
    }

    @Test
    void aKeyCreatedAfterTheLastReadIsFoundAtOnceAndClosesTheOpenApi() {
        ApiKeyRegistry keys = registry("keys");
        assertThat(keys.required()).as("no key yet").isFalse();

        String key = ApiKeySecrets.newKey();
        store.active.put(ApiKeySecrets.hash(key), "k1");

        assertThat(keys.required())
                .as("the registry read the keys less than %s ago", ApiKeyRegistry.REFRESH)
                .isFalse();
        assertThat(keys.keyId(key)).contains("k1");
        assertThat(keys.required())
                .as("the key found asks for all keys to be read again")
                .isTrue();
        assertThat(keys.keyId(key)).contains("k1");
        assertThat(store.lookups).as("known from then on, without asking again").hasValue(1);
    }

    @Test
    void revokingTheLastKeyDoesNotOpenTheApi() {
        store.created = true;
        ApiKeyRegistry keys = registry("keys");
        assertThat(keys.required()).as("a key existed, though none is active").isTrue();
        assertThat(keys.count()).isZero();
    }

    @Test
    void onlyKeysOfTheCreatedFormAreLookedUp() {
        ApiKeyRegistry keys = registry("keys");
        assertThat(keys.keyId("not-a-key")).isEmpty();
        assertThat(keys.keyId("pxt_short")).isEmpty();
        assertThat(store.lookups).hasValue(0);

        assertThat(keys.keyId(ApiKeySecrets.newKey()))
                .as("well formed, but unknown")
                .isEmpty();
        assertThat(store.lookups).hasValue(1);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsReportedNotTakenForAnUnknownKey() {
        ApiKeyRegistry keys = registry("keys");
        store.failing = true;
        assertThatThrownBy(() -> keys.keyId(ApiKeySecrets.newKey()))
                .isInstanceOf(ApiKeyRegistry.LookupUnavailableException.class)
                .hasMessageContaining("database");
    }

    @Test
    void madeUpKeysHoldAtMostTwoConnectionsAtOnce() throws Exception {
        ApiKeyRegistry keys = registry("keys");
        keys.required();
        store.release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(ApiKeyRegistry.LOOKUPS);
        try {
            Future<?>[] held = new Future<?>[ApiKeyRegistry.LOOKUPS];
            for (int i = 0; i < held.length; i++) {
                held[i] = pool.submit(() -> keys.keyId(ApiKeySecrets.newKey()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> store.inFlight.get() == ApiKeyRegistry.LOOKUPS);
            assertThatThrownBy(() -> keys.keyId(ApiKeySecrets.newKey()))
                    .isInstanceOf(ApiKeyRegistry.LookupUnavailableException.class)
                    .hasMessageContaining("at once");
            store.release.countDown();
            for (Future<?> f : held) {
                f.get(5, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.lookups).hasValue(ApiKeyRegistry.LOOKUPS);
    }

    @Test
    void withAuthNoneNoKeyIsEverRequired() {
        ApiKeyRegistry keys = registry("none");
        store.active.put(ApiKeySecrets.hash(ApiKeySecrets.newKey()), "k1");
        assertThat(keys.enabled()).isFalse();
        assertThat(keys.required()).isFalse();
        assertThat(registry("keys").enabled()).isTrue();
    }

    /** The database's side, in memory: active hashes, how often one key was looked up, and failures on demand. */
    private static final class CountingStore extends ApiKeyStore {

        final Map<String, String> active = new ConcurrentHashMap<>();
        volatile boolean created;
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean failing;
        volatile CountDownLatch release;

        CountingStore() {
            super(null);
        }

        @Override
        public Optional<String> activeKeyId(String hash) {
            lookups.incrementAndGet();
            inFlight.incrementAndGet();
            try {
                if (failing) {
                    throw new DataAccessResourceFailureException("connection refused");
                }
                if (release != null) {
                    release.await(5, TimeUnit.SECONDS);
                }
                return Optional.ofNullable(active.get(hash));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public Map<String, String> activeHashes() {
            return Map.copyOf(active);
        }

        @Override
        public boolean anyCreated() {
            return created || !active.isEmpty();
        }
    }
}
