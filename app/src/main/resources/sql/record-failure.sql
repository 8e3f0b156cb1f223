-- A failed operation, recorded only where the operation has no output yet: a redelivered message that fails again (its
-- original gone meanwhile) leaves what an earlier attempt completed. Nothing is recorded for a job that is gone.
MERGE INTO job_outputs o
USING (SELECT CAST(:jobId AS VARCHAR(36)) AS job_id, CAST(:operation AS VARCHAR(16)) AS operation,
              CAST(:errorMessage AS TEXT) AS error_message
       FROM jobs WHERE job_id = :jobId) AS s
ON o.job_id = s.job_id AND o.operation = s.operation
WHEN NOT MATCHED THEN INSERT (job_id, operation, status, error_message, finished_at)
    VALUES (s.job_id, s.operation, 'FAILED', s.error_message, CURRENT_TIMESTAMP)
