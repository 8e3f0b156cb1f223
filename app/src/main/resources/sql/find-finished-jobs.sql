SELECT job_id
FROM jobs
WHERE job_id IN (:jobIds) AND status IN ('COMPLETED', 'FAILED')
