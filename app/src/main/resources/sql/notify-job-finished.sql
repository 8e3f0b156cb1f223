-- Wakes the requests that wait for this job in every API process (FinishedJobsListener), when the transaction commits.
SELECT pg_notify('pixtools_job_finished', :jobId)
