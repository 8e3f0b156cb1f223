-- Exactly one dispatcher gets a due delivery: the claim holds it for a lease longer than one attempt can take.
UPDATE webhook_deliveries SET claimed_by = :holder, claimed_until = :until, updated_at = CURRENT_TIMESTAMP
WHERE job_id = :jobId AND state = 'PENDING' AND next_attempt_at <= CURRENT_TIMESTAMP
  AND (claimed_until IS NULL OR claimed_until < CURRENT_TIMESTAMP)
