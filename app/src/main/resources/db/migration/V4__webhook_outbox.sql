-- The webhook outbox: one delivery per job that has a webhook_url, written in the transaction that finishes the job
-- and sent by dispatchers in any process. A dispatcher claims a due delivery for a lease before sending, so two
-- processes never send the same attempt; a lease left by a dead process expires and the delivery is sent again.
CREATE TABLE webhook_deliveries (
    job_id          VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
    receiver        VARCHAR(300) NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    attempts        INTEGER      DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by      VARCHAR(128),
    claimed_until   TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (state, next_attempt_at);

-- Deliveries carry their own state now.
ALTER TABLE jobs DROP COLUMN webhook_state;
