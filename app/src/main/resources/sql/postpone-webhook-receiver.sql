-- A receiver whose circuit breaker is open: its due deliveries wait until the breaker may try again.
UPDATE webhook_deliveries SET next_attempt_at = :nextAttempt, updated_at = CURRENT_TIMESTAMP
WHERE receiver = :receiver AND state = 'PENDING' AND next_attempt_at < :nextAttempt
  AND (claimed_until IS NULL OR claimed_until < CURRENT_TIMESTAMP)
