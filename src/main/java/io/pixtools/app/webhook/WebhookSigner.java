package io.pixtools.app.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs deliveries the Standard Webhooks way (https://www.standardwebhooks.com): the signature is
 * {@code v1,base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))}, and the secret is written
 * {@code whsec_<base64 key>}. Receivers can verify with any Standard Webhooks library or ten lines of code.
 */
public final class WebhookSigner {

    public static final String PREFIX = "whsec_";

    private final byte[] key;

    public WebhookSigner(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("pixtools.webhooks.secret must look like whsec_<base64>");
        }
        this.key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        if (key.length < 24) {
            throw new IllegalArgumentException("pixtools.webhooks.secret must hold at least 24 random bytes");
        }
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    public String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
