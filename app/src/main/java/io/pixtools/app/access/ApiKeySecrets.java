package io.pixtools.app.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What an API key looks like ({@code pxt_} and 43 URL-safe characters: 256 random bits) and how it is stored: its
 * SHA-256, which is enough for a key of that entropy (no salt or slow hash needed, unlike a password).
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "pxt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {}

    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The characters shown in listings: enough to tell keys apart, far too few to guess the rest. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), PREFIX.length() + 6));
    }

    /** The id of a key given in {@code PIXTOOLS_API_KEYS}: stable across restarts, derived from its hash. */
    public static String bootstrapId(String key) {
        return "env-" + hash(key).substring(0, 16);
    }
}
