DELETE FROM aggregation WHERE id = :jobId
