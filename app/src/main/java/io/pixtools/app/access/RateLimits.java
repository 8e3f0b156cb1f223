package io.pixtools.app.access;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The limits of one API key: requests per second with
 * bursts, bytes uploaded per day, jobs in flight. The first two are token buckets; the third is counted in the job
 * table, which knows exactly which jobs are unfinished.
 */
public class RateLimits {

    private final Buckets buckets;
    private final JdbcTemplate jdbc;
    private final PixToolsProperties.RateLimits limits;
    private final BucketConfiguration requests;
    private final BucketConfiguration uploads;

    public RateLimits(Buckets buckets, JdbcTemplate jdbc, PixToolsProperties.RateLimits limits) {
        this.buckets = buckets;
        this.jdbc = jdbc;
        this.limits = limits;
        this.requests = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limits.burst())
                        .refillGreedy(limits.requestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
        long bytes = limits.uploadBytesPerDay().toBytes();
        this.uploads = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(bytes)
                        .refillGreedy(bytes, Duration.ofDays(1))
                        .build())
                .build();
    }

    public ConsumptionProbe request(String caller) {
        return buckets.bucket("requests:" + caller, requests).tryConsumeAndReturnRemaining(1);
    }

    public ConsumptionProbe upload(String caller, long bytes) {
        return buckets.bucket("uploads:" + caller, uploads).tryConsumeAndReturnRemaining(bytes);
    }

    /** Charges an upload whose size was only known once it was read; the bucket may go below zero. */
    public void chargeUpload(String caller, long bytes) {
        buckets.bucket("uploads:" + caller, uploads).consumeIgnoringRateLimits(bytes);
    }

    /** Gives back what an upload was charged in advance when it was not taken in (refused or answered otherwise). */
    public void refundUpload(String caller, long bytes) {
        buckets.bucket("uploads:" + caller, uploads).addTokens(bytes);
    }

    /** Whether the key may have one more job accepted: fewer than the limit are unfinished. */
    public boolean roomForAnotherJob(String keyId) {
        Integer unfinished = jdbc.queryForObject(
                "SELECT COUNT(*) FROM jobs WHERE owner = ? AND status IN " + "('ACCEPTING', 'PENDING', 'PROCESSING')",
                Integer.class,
                keyId);
        return unfinished == null || unfinished < limits.jobsInFlight();
    }

    public PixToolsProperties.RateLimits limits() {
        return limits;
    }
}
