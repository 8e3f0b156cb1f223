-- Whether a job still runs (PENDING or PROCESSING): a task of a job that failed, finished or was removed is dropped.
SELECT COUNT(*) FROM jobs WHERE job_id = :jobId AND status IN ('PENDING', 'PROCESSING')
