package io.pixtools.app.storage;

import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * Intake step before the original is stored in S3: is the object store answering at all? A PUT of a large original
 * may legitimately take longer than the two seconds in which an outage must be answered, so the PUT keeps its own,
 * longer timeout, and this asks first, with a short one (a HEAD of the bucket, at most once a second while it
 * succeeds). The embedded default's local files need no such check.
 */
@Component("objectStoreReady")
public class ObjectStoreReady implements Processor {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final long FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private final S3Client s3;
    private final String bucket;
    private final AtomicLong lastSuccess = new AtomicLong(System.nanoTime() - FRESH_NANOS);

    public ObjectStoreReady(ObjectProvider<S3Client> s3, PixToolsProperties properties) {
        this.s3 = s3.getIfAvailable();
        this.bucket = properties.objectStore().bucket();
    }

    @Override
    public void process(Exchange exchange) {
        if (s3 == null || System.nanoTime() - lastSuccess.get() < FRESH_NANOS) {
            return;
        }
        s3.headBucket(HeadBucketRequest.builder()
                .bucket(bucket)
                .overrideConfiguration(c -> c.apiCallTimeout(PROBE_TIMEOUT).apiCallAttemptTimeout(PROBE_TIMEOUT))
                .build());
        lastSuccess.set(System.nanoTime());
    }
}
