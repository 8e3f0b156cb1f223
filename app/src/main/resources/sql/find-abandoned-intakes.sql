-- Intakes that died between their job row and their 202 (the row is still ACCEPTING): no client was promised them.
SELECT job_id FROM jobs WHERE status = 'ACCEPTING' AND created_at < :before ORDER BY created_at LIMIT 1000
