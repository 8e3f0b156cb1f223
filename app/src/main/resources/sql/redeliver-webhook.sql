-- On request: a fresh delivery of a finished job's webhook, due now, with the whole retry schedule ahead of it.
MERGE INTO webhook_deliveries d
USING (SELECT job_id FROM jobs
       WHERE job_id = :jobId AND webhook_url IS NOT NULL AND status IN ('COMPLETED', 'FAILED')) AS j
ON d.job_id = j.job_id
WHEN MATCHED THEN UPDATE SET state = 'PENDING', attempts = 0, next_attempt_at = CURRENT_TIMESTAMP,
    claimed_by = NULL, claimed_until = NULL, updated_at = CURRENT_TIMESTAMP
WHEN NOT MATCHED THEN INSERT (job_id, receiver, state, attempts, next_attempt_at, created_at, updated_at)
    VALUES (j.job_id, CAST(:receiver AS VARCHAR(300)), 'PENDING', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
