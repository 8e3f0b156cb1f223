-- ACCEPTING until the original is stored: invisible to clients, removed if the intake fails.
INSERT INTO jobs (job_id, owner, status, operations, operation_params, webhook_url, public_base, source_key, source_name, source_format,
                  source_bytes, source_width, source_height, idempotency_key, request_fingerprint,
                  created_at, updated_at, expires_at)
VALUES (:jobId, :owner, 'ACCEPTING', :operations, :operationParams, :webhookUrl, :publicBase, :sourceKey, :sourceName, :sourceFormat,
        :sourceBytes, :sourceWidth, :sourceHeight, :idempotencyKey, :requestFingerprint,
        :createdAt, :createdAt, :expiresAt)
