-- How many operations of the job have recorded their output (completed or failed): the job is complete at its count.
SELECT COUNT(*) FROM job_outputs WHERE job_id = :jobId
