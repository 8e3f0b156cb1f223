package io.pixtools.app.health;

import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.storage.LocalObjectStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/** The object store answers: a probe file is written and forced to disk, or the S3 bucket is reachable. */
@Component
class ObjectStoreCheck implements DependencyCheck {

    private final LocalObjectStore local;
    private final S3Client s3;
    private final String bucket;

    ObjectStoreCheck(
            ObjectProvider<LocalObjectStore> local, ObjectProvider<S3Client> s3, PixToolsProperties properties) {
        this.local = local.getIfAvailable();
        this.s3 = s3.getIfAvailable();
        this.bucket = properties.objectStore().bucket();
    }

    @Override
    public String name() {
        return "object_store";
    }

    @Override
    public String check() throws Exception {
        if (local != null) {
            return local.check();
        }
        s3.headBucket(b -> b.bucket(bucket));
        return "bucket " + bucket + " reachable";
    }
}
