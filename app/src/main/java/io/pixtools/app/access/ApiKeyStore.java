package io.pixtools.app.access;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The API keys in the database: create (the raw key is returned once), list, revoke, and the active ones. */
@Component
public class ApiKeyStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final JdbcTemplate jdbc;

    public ApiKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new key named {@code name}; the returned string is the only time the key exists outside its owner. */
    public String create(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a key name is 1 to 100 letters, digits, '.', '_' or '-', starting with a " + "letter or digit");
        }
        String key = ApiKeySecrets.newKey();
        try {
            jdbc.update(
                    "INSERT INTO api_keys (key_id, name, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?)",
                    UUID.randomUUID().toString().replace("-", ""),
                    name,
                    ApiKeySecrets.hash(key),
                    ApiKeySecrets.displayPrefix(key),
                    OffsetDateTime.now(ZoneOffset.UTC));
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException(
                    "a key named '" + name + "' exists already (revoked keys keep their name)");
        }
        return key;
    }

    public List<ApiKey> list() {
        return jdbc.query(
                "SELECT key_id, name, key_prefix, created_at, revoked_at FROM api_keys ORDER BY created_at",
                (row, i) -> new ApiKey(
                        row.getString("key_id"),
                        row.getString("name"),
                        row.getString("key_prefix"),
                        row.getObject("created_at", OffsetDateTime.class),
                        row.getObject("revoked_at", OffsetDateTime.class)));
    }

    /** Revokes the key named {@code name}; false when there is no active key of that name. */
    public boolean revoke(String name) {
        return jdbc.update(
                        "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                        OffsetDateTime.now(ZoneOffset.UTC),
                        name)
                == 1;
    }

    /** The id of the active key with this hash, if there is one. */
    public Optional<String> activeKeyId(String hash) {
        return jdbc
                .query(
                        "SELECT key_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                        (row, n) -> row.getString("key_id"),
                        hash)
                .stream()
                .findFirst();
    }

    /** Whether a key was ever created here, revoked ones included. */
    public boolean anyCreated() {
        Integer keys = jdbc.queryForObject("SELECT COUNT(*) FROM api_keys", Integer.class);
        return keys != null && keys > 0;
    }

    /** Hash to key id of every active key. */
    public Map<String, String> activeHashes() {
        Map<String, String> hashes = new HashMap<>();
        jdbc.query("SELECT key_hash, key_id FROM api_keys WHERE revoked_at IS NULL", row -> {
            hashes.put(row.getString("key_hash"), row.getString("key_id"));
        });
        return hashes;
    }
}
