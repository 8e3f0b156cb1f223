package io.pixtools.app.access;

import io.pixtools.app.settings.PixToolsProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring download links: {@code PATH?expires=EPOCH_SECONDS&signature=HMAC}, where the HMAC-SHA256 covers
 * the method, the path and the expiry. Anyone holding the link can download until it expires, without a key; any
 * change to the path or the expiry breaks the signature.
 */
public class DownloadLinks {

    public static final String EXPIRES = "expires";
    public static final String SIGNATURE = "signature";

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    public DownloadLinks(byte[] key, Duration ttl, Clock clock) {
        this.key = key.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The key from {@code pixtools.links.secret}, or derived from the webhook signing secret every replica shares. */
    public static byte[] key(PixToolsProperties.Links links, Supplier<byte[]> webhookKey) {
        String secret = links.secret();
        if (secret != null && !secret.isBlank()) {
            return secret.strip().getBytes(StandardCharsets.UTF_8);
        }
        return hmac(webhookKey.get(), "pixtools download links");
    }

    /** {@code path} with an expiry {@code ttl} from now and its signature. */
    public String sign(String path) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return path + "?" + EXPIRES + "=" + expires + "&" + SIGNATURE + "=" + signature(path, expires);
    }

    public Verdict verify(String path, String expires, String signature) {
        long expiry;
        try {
            expiry = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            return Verdict.INVALID;
        }
        byte[] expected = signature(path, expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.INVALID;
        }
        return clock.instant().getEpochSecond() > expiry ? Verdict.EXPIRED : Verdict.VALID;
    }

    public enum Verdict {
        VALID,
        EXPIRED,
        INVALID
    }

    private String signature(String path, long expires) {
        byte[] mac = hmac(key, "GET\n" + path + "\n" + expires);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
