package io.pixtools.app.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries the Standard Webhooks way (https://www.standardwebhooks.com): the signature is
 * {@code v1,base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))}, and the secret is written
 * {@code whsec_<base64 key>}. Receivers can verify with any Standard Webhooks library or ten lines of code.
 * <p>
 * While a secret is being rotated, each delivery carries one signature per secret, space-separated, as the spec
 * allows: receivers that still hold the old secret keep verifying until they have the new one.
 */
public final class WebhookSigner {

    public static final String PREFIX = "whsec_";

    private final List<byte[]> keys;

    /** The current secret first, then any previous ones still accepted by receivers. */
    public WebhookSigner(List<String> secrets) {
        this.keys = secrets.stream().map(WebhookSigner::key).toList();
    }

    private static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("pixtools.webhooks.secret must look like whsec_<base64>");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pixtools.webhooks.secret must be whsec_ followed by base64", e);
        }
        if (key.length < 24) {
            throw new IllegalArgumentException("pixtools.webhooks.secret must hold at least 24 random bytes");
        }
        return key;
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The current secret's key, from which other keys (the download links') are derived. */
    public byte[] currentKey() {
        return keys.getFirst().clone();
    }

    /** The {@code webhook-signature} header: {@code v1,<signature>} per secret, separated by spaces. */
    public String sign(String id, long timestamp, String body) {
        byte[] payload = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        return keys.stream()
                .map(key -> "v1," + Base64.getEncoder().encodeToString(hmac(key, payload)))
                .collect(Collectors.joining(" "));
    }

    private static byte[] hmac(byte[] key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
