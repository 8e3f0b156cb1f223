-- Webhook delivery record and the lease that keeps one pruner running at a time.
ALTER TABLE jobs ADD COLUMN webhook_state VARCHAR(16);

CREATE TABLE webhook_attempts (
    job_id        VARCHAR(36) NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    attempt       INTEGER     NOT NULL,
    attempted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome       VARCHAR(16) NOT NULL,
    http_status   INTEGER,
    error_message TEXT,
    duration_ms   BIGINT      NOT NULL,
    PRIMARY KEY (job_id, attempt)
);

CREATE TABLE scheduler_leases (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder       VARCHAR(128),
    locked_until TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO scheduler_leases (name, holder, locked_until) VALUES ('prune', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
