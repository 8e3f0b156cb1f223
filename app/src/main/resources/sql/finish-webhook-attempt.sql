-- After an attempt: DELIVERED, FAILED for good, or PENDING again at the next planned time; the claim is released.
UPDATE webhook_deliveries
SET state = :state, attempts = attempts + 1, next_attempt_at = :nextAttempt,
    claimed_by = NULL, claimed_until = NULL, updated_at = CURRENT_TIMESTAMP
WHERE job_id = :jobId AND claimed_by = :holder
