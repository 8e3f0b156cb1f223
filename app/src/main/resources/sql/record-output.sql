-- Upsert: a redelivered task records the same output again without a second row. Nothing is recorded for a job that
-- is gone (an intake undone after its task was queued, or a job pruned meanwhile): the update count is then 0.
MERGE INTO job_outputs o
USING (SELECT CAST(:jobId AS VARCHAR(36)) AS job_id, CAST(:operation AS VARCHAR(16)) AS operation,
              CAST(:status AS VARCHAR(16)) AS status, CAST(:objectKey AS VARCHAR(512)) AS object_key,
              CAST(:contentType AS VARCHAR(64)) AS content_type, CAST(:bytes AS BIGINT) AS bytes,
              CAST(:width AS INTEGER) AS width, CAST(:height AS INTEGER) AS height,
              CAST(:errorMessage AS TEXT) AS error_message
       FROM jobs WHERE job_id = :jobId) AS s
ON o.job_id = s.job_id AND o.operation = s.operation
WHEN MATCHED THEN UPDATE SET status = s.status, object_key = s.object_key, content_type = s.content_type, bytes = s.bytes,
    width = s.width, height = s.height, error_message = s.error_message, finished_at = CURRENT_TIMESTAMP
WHEN NOT MATCHED THEN INSERT (job_id, operation, status, object_key, content_type, bytes, width, height, error_message, finished_at)
    VALUES (s.job_id, s.operation, s.status, s.object_key, s.content_type, s.bytes, s.width, s.height, s.error_message, CURRENT_TIMESTAMP)
