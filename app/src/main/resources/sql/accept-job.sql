-- The original is stored: the job is accepted and may run. A failed intake never gets here (see IntakeRollback).
UPDATE jobs SET status = 'PENDING', updated_at = CURRENT_TIMESTAMP WHERE job_id = :jobId AND status = 'ACCEPTING'
