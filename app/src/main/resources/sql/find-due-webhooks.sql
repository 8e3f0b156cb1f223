-- Due deliveries that no live dispatcher holds, oldest first, at most a few per receiver so that one receiver's
-- backlog never fills a batch.
SELECT job_id, receiver, attempts
FROM (SELECT d.job_id, d.receiver, d.attempts, d.next_attempt_at,
             ROW_NUMBER() OVER (PARTITION BY d.receiver ORDER BY d.next_attempt_at) AS place
      FROM webhook_deliveries d
      WHERE d.state = 'PENDING' AND d.next_attempt_at <= CURRENT_TIMESTAMP
        AND (d.claimed_until IS NULL OR d.claimed_until < CURRENT_TIMESTAMP)) due
WHERE due.place <= :perReceiver
ORDER BY due.next_attempt_at
LIMIT :limit
