package io.pixtools.app.health;

import io.pixtools.app.config.PixToolsProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

@Component
class ObjectStoreCheck implements DependencyCheck {

    private final S3Client s3;
    private final String bucket;

    ObjectStoreCheck(S3Client s3, PixToolsProperties properties) {
        this.s3 = s3;
        this.bucket = properties.objectStore().bucket();
    }

    @Override
    public String name() {
        return "object_store";
    }

    @Override
    public String check() {
        s3.headBucket(b -> b.bucket(bucket));
        return "bucket " + bucket + " reachable";
    }
}
