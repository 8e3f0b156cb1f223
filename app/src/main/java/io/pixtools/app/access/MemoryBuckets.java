package io.pixtools.app.access;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The embedded default's buckets: at most {@link #MAX} of them, the least recently used dropped first. */
class MemoryBuckets implements Buckets {

    static final int MAX = 100_000;

    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX;
        }
    };

    @Override
    public synchronized Bucket bucket(String name, BucketConfiguration configuration) {
        return buckets.computeIfAbsent(name, n -> {
            var builder = Bucket.builder();
            for (Bandwidth bandwidth : configuration.getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }
}
