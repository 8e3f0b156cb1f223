package io.pixtools.app.access;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/** Token buckets by name: in this process's memory, or in Redis so that every API replica draws from the same one. */
public interface Buckets extends AutoCloseable {

    Bucket bucket(String name, BucketConfiguration configuration);

    @Override
    default void close() {}
}
