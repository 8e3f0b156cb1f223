package io.pixtools.app.intake;

import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.JobRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** SHA-256 over the uploaded bytes and the canonical request: two requests with one Idempotency-Key must match it. */
@Component("requestFingerprint")
public class RequestFingerprint implements Processor {

    @Override
    public void process(Exchange exchange) throws IOException {
        Path upload = exchange.getProperty(PixHeaders.UPLOAD_FILE, Path.class);
        JobRequest request = exchange.getProperty(PixHeaders.REQUEST, JobRequest.class);
        exchange.getIn().setHeader(PixHeaders.FINGERPRINT, fingerprint(upload, request));
    }

    static String fingerprint(Path upload, JobRequest request) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(upload)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        digest.update((byte) 0);
        digest.update(request.canonical().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
