-- Outputs and webhook attempts go with the job (ON DELETE CASCADE).
DELETE FROM jobs WHERE job_id = :jobId
