package io.pixtools.app.settings;

import io.pixtools.ml.ModelVariant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every PixTools setting, typed and validated: a bad value stops start-up. Defaults live here; each setting can
 * also be given as an environment variable ({@code PIXTOOLS_LIMITS_MAX_PIXELS} for {@code pixtools.limits.max-pixels}).
 */
@Validated
@ConfigurationProperties("pixtools")
public record PixToolsProperties(
        @NotBlank @DefaultValue(Roles.ALL) String roles,
        @NotNull @DefaultValue("seda") Transport transport,
        @Valid @NotNull @DefaultValue Idempotency idempotency,
        @Valid @NotNull @DefaultValue Rabbit rabbit,
        @NotNull @DefaultValue("./data") Path dataDir,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Workers workers,
        @Valid @NotNull @DefaultValue Jobs jobs,
        @Valid @NotNull @DefaultValue ObjectStore objectStore,
        @Valid @NotNull @DefaultValue Api api,
        @Valid @NotNull @DefaultValue Webhooks webhooks,
        @Valid @NotNull @DefaultValue Denoise denoise,
        @NotNull @DefaultValue("keys") Auth auth,
        @NotNull @DefaultValue({}) java.util.List<String> apiKeys,
        @Valid @NotNull @DefaultValue Links links,
        @Valid @NotNull @DefaultValue RateLimits rateLimits) {

    /** Where work files (downloads, encoder output, ZIPs) live while an exchange runs. */
    public Path workDirectory() {
        return workers.workDir() != null ? workers.workDir() : dataDir.resolve("tmp");
    }

    /**
     * Limits on hostile input. Uploads are refused above {@code max-upload-size} (FormDataResolver); {@code max-pixels}
     * bounds the upload and every output; {@code max-metadata-segment} bounds each metadata segment, chunk or box
     * (decompressed) that is parsed, {@code max-metadata-bytes} all of a file's together. {@code encoder-memory} bounds
     * what encoders that keep a whole image (WebP, AVIF, optimized JPEG) hold at once in this process: encodes that
     * would go beyond it wait for each other (0: no bound).
     */
    public record Limits(
            @NotNull @DefaultValue("50MB") DataSize maxUploadSize,
            @Min(1) @DefaultValue("50000000") long maxPixels,
            @Min(1) @Max(16) @DefaultValue("6") int maxOperations,
            @Min(1) @Max(100000) @DefaultValue("16384") int maxOutputDimension,

            @NotEmpty @DefaultValue({"jpeg", "png", "webp", "gif", "tiff", "avif", "heic"})
            Set<String> allowedFormats,

            @NotNull @DefaultValue("4MB") DataSize maxMetadataSegment,
            @NotNull @DefaultValue("16MB") DataSize maxMetadataBytes,
            @NotNull @DefaultValue("256MB") DataSize encoderMemory) {}

    /**
     * Thread pools and queues. {@code intake-concurrency} uploads are taken in at once (inspected, stored, committed),
     * by default twice the CPU cores; the others wait in the order they came. {@code vips-concurrency} defaults to the
     * CPU cores and {@code standard-concurrency} to one more (set by {@code DefaultsEnvironmentPostProcessor}, so
     * that the queue endpoints can read them too). A failing step is
     * retried {@code max-retries} times with exponential back-off; while the failure is an outage of a dependency
     * (database, object store, broker, Redis) it keeps being retried for up to {@code outage-patience}, so that a
     * task in flight waits for the dependency instead of failing its job.
     */
    public record Workers(
            @Min(1) int vipsConcurrency,
            @Min(1) int standardConcurrency,
            @Min(1) int intakeConcurrency,
            @Min(1) @DefaultValue("1") int mlConcurrency,
            @Min(1) @DefaultValue("10000") int queueCapacity,
            @Min(0) @DefaultValue("6") int maxRetries,
            @Min(0) @DefaultValue("500") long retryDelayMs,
            @Min(0) @DefaultValue("30000") long maxRetryDelayMs,
            @NotNull @DefaultValue("10m") Duration outagePatience,
            @DefaultValue("true") boolean ackExhaustedFailures,
            Path workDir) {}

    /** How work travels between routes: in-JVM SEDA queues, or RabbitMQ (the distributed profile). */
    public enum Transport {
        SEDA,
        RABBITMQ
    }

    /**
     * Where Idempotency-Keys of intakes in flight are reserved: this process's memory, or Redis shared by every API
     * replica. A reservation lasts as long as its intake, and at most {@code reservation-ttl}.
     */
    public record Idempotency(
            @NotNull @DefaultValue("memory") Store store,
            @NotNull @DefaultValue("30s") Duration reservationTtl) {

        public enum Store {
            MEMORY,
            REDIS
        }
    }

    /** RabbitMQ, in the distributed profile. Standard workers prefetch {@code standard-prefetch}; ML workers one at a time. */
    public record Rabbit(
            @NotBlank @DefaultValue("pixtools") String exchange,
            @Min(1) @DefaultValue("5") int deliveryLimit,
            @Min(1) @DefaultValue("1500") long confirmTimeoutMs,
            @Min(1) @DefaultValue("2") int standardPrefetch) {}

    /**
     * Job lifetime. Jobs and their files expire after {@code retention}; the pruner runs on {@code prune-cron}
     * (Quartz syntax, hourly by default) and deletes {@code prune-batch-size} jobs per database round trip.
     */
    public record Jobs(
            @NotNull @DefaultValue("24h") Duration retention,
            @NotBlank @DefaultValue("0 0 * * * ?") String pruneCron,
            @Min(1) @Max(10000) @DefaultValue("100") int pruneBatchSize,
            @NotNull @DefaultValue("10m") Duration stuckAfter,
            @Min(1) @DefaultValue("3") int maxRecoveries,
            @NotNull @DefaultValue("10m") Duration abandonedIntakeAfter) {}

    /**
     * Where originals and outputs are kept. {@code embedded}: files under {@code data-dir/objects/{bucket}}, each
     * forced to disk when stored. Otherwise an S3 API: {@code endpoint} (blank for AWS), region and credentials, with
     * the connect and read timeouts of each request (short, so that an outage answers 503 quickly).
     */
    public record ObjectStore(
            @DefaultValue("true") boolean embedded,
            URI endpoint,
            @NotBlank @DefaultValue("pixtools") String bucket,
            @NotBlank @DefaultValue("us-east-1") String region,
            @DefaultValue("pixtools") String accessKey,
            @DefaultValue("pixtools-secret") String secretKey,
            @DefaultValue("true") boolean pathStyle,
            @DefaultValue("true") boolean createBucket,
            @NotNull @DefaultValue("1s") Duration connectTimeout,
            @NotNull @DefaultValue("1500ms") Duration readTimeout,
            @NotNull @DefaultValue("30s") Duration requestTimeout) {}

    /**
     * The denoiser (worker-ml role). {@code threads} defaults to the CPU cores divided by the ML concurrency; tiles of {@code tile-size} pixels keep
     * memory bounded for any image size. {@code model-dir} replaces the model shipped in the jar with
     * {@code dncnn.onnx} and {@code dncnn.json} from a directory. The model is checked at start-up; its ONNX Runtime
     * session is created on the first denoise task, or at start-up with {@code load-on-start} (the distributed
     * profile, where a worker-ml process exists to denoise). {@code precision}: {@code auto} runs the INT8 build
     * ({@code dncnn-int8.onnx}) on a CPU with VNNI or AMX and the FP32 one elsewhere; {@code int8} or {@code fp32}
     * force one. {@code tile-size} unset: the build's own ({@link ModelVariant#defaultTile()}).
     */
    public record Denoise(
            @Min(1) int threads,
            @Min(32) @Max(2048) Integer tileSize,
            Path modelDir,
            boolean loadOnStart,
            @NotNull @DefaultValue("auto") ModelVariant.Choice precision) {}

    /**
     * Who may call the API ({@code PIXTOOLS_AUTH}). {@code keys}: once any API key exists (created with
     * {@code ./pixtools keys} or given in {@code PIXTOOLS_API_KEYS}), every {@code /api} route but health needs one;
     * with none, the embedded default stays open and warns, and the distributed profile refuses to start.
     * {@code none}: open to anyone who can reach it.
     */
    public enum Auth {
        KEYS,
        NONE
    }

    /**
     * Download links in job JSON and webhooks carry an expiry and an HMAC signature ({@code secret}; blank: derived
     * from the webhook secret, which every replica shares), so a browser or a CDN can fetch them without a key.
     */
    public record Links(
            String secret, @NotNull @DefaultValue("1h") Duration ttl) {}

    /**
     * Per API key: {@code requests-per-second} (with bursts up to {@code burst}) on every {@code /api} route,
     * {@code jobs-in-flight} accepted and not finished, {@code upload-bytes-per-day} of uploads. In memory on the
     * embedded default; in Redis with {@code store: redis} (the distributed profile), shared by every API replica.
     * An open API (no keys) and downloads through signed links are not limited.
     */
    public record RateLimits(
            @Min(1) @DefaultValue("20") long requestsPerSecond,
            @Min(1) @DefaultValue("40") long burst,
            @Min(1) @DefaultValue("50") int jobsInFlight,
            @NotNull @DefaultValue("5GB") DataSize uploadBytesPerDay,
            @NotNull @DefaultValue("memory") Idempotency.Store store) {}

    /** {@code public-url} fixes the base of download URLs (behind a proxy); otherwise the request's host is used. */
    public record Api(URI publicUrl) {}

    /**
     * Webhook delivery. {@code secret} signs every delivery (Standard Webhooks, HMAC-SHA256); without one, a random
     * secret is created once in the data directory; {@code previous-secrets} sign too, during a rotation. Hosts in
     * {@code allowed-hosts} may resolve to private or loopback addresses (for development); every other webhook host
     * must resolve to public addresses only. A delivery is attempted after each wait of {@code retry-schedule}
     * (spread by {@code jitter}); a receiver's Retry-After replaces the wait, up to {@code max-retry-after}. A process
     * sends at most {@code concurrency} deliveries at once, {@code per-receiver-concurrency} to one receiver, and
     * polls the outbox every {@code poll-interval}.
     */
    public record Webhooks(
            String secret,
            @NotNull @DefaultValue({}) java.util.List<String> previousSecrets,
            @NotNull @DefaultValue({}) java.util.List<String> allowedHosts,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("10s") Duration readTimeout,

            @NotEmpty @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"})
            java.util.List<Duration> retrySchedule,

            @DecimalMin("0.0") @DecimalMax("0.5") @DefaultValue("0.2")
            double jitter,

            @NotNull @DefaultValue("6h") Duration maxRetryAfter,
            @Min(1) @DefaultValue("8") int concurrency,
            @Min(1) @DefaultValue("2") int perReceiverConcurrency,
            @NotNull @DefaultValue("1s") Duration pollInterval,
            @Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker) {

        /** Per receiver: opens after {@code fail-threshold} failed attempts in a row; tries again after {@code reset-timeout}. */
        public record CircuitBreaker(
                @Min(1) @DefaultValue("5") int failThreshold,
                @NotNull @DefaultValue("60s") Duration resetTimeout) {}
    }
}
