-- Upsert: a redelivered task records the same output again without a second row.
MERGE INTO job_outputs o
USING (VALUES (CAST(:#PixJobId AS VARCHAR(36)), CAST(:#PixOperation AS VARCHAR(16)), CAST(:#PixOperationStatus AS VARCHAR(16)),
               CAST(:#PixOutputKey AS VARCHAR(512)), CAST(:#PixOutputContentType AS VARCHAR(64)), CAST(:#PixOutputBytes AS BIGINT),
               CAST(:#PixOutputWidth AS INTEGER), CAST(:#PixOutputHeight AS INTEGER), CAST(:#PixErrorMessage AS TEXT)))
    AS s (job_id, operation, status, object_key, content_type, bytes, width, height, error_message)
ON o.job_id = s.job_id AND o.operation = s.operation
WHEN MATCHED THEN UPDATE SET status = s.status, object_key = s.object_key, content_type = s.content_type, bytes = s.bytes,
    width = s.width, height = s.height, error_message = s.error_message, finished_at = CURRENT_TIMESTAMP
WHEN NOT MATCHED THEN INSERT (job_id, operation, status, object_key, content_type, bytes, width, height, error_message, finished_at)
    VALUES (s.job_id, s.operation, s.status, s.object_key, s.content_type, s.bytes, s.width, s.height, s.error_message, CURRENT_TIMESTAMP)
