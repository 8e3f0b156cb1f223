package io.pixtools.app.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A job as stored. {@code operationParams} and {@code metadata} are JSON documents; {@code owner} is the id of the API
 * key that created it (null when the API is open); {@code publicBase} the scheme, host and port the client used to
 * create it (for the links of its webhook when no public URL is configured).
 */
public record Job(
        String jobId,
        String owner,
        JobStatus status,
        List<String> operations,
        String operationParams,
        String webhookUrl,
        String publicBase,
        String sourceKey,
        String sourceName,
        String sourceFormat,
        long sourceBytes,
        int sourceWidth,
        int sourceHeight,
        String idempotencyKey,
        String requestFingerprint,
        String metadata,
        String archiveKey,
        String errorMessage,
        int recoveryAttempts,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {}
