SELECT operation, status, object_key, content_type, bytes, width, height, error_message, finished_at
FROM job_outputs
WHERE job_id = :jobId
ORDER BY operation
