SELECT job_id FROM jobs WHERE expires_at <= CURRENT_TIMESTAMP ORDER BY expires_at LIMIT :limit
