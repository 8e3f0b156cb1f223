-- API keys, stored as SHA-256 hashes only (the raw key is shown once, when it is created), and the owner of each job:
-- the id of the key that created it (NULL: created while the API was open). Another key gets 404 for the job.
CREATE TABLE api_keys (
    key_id     VARCHAR(32)  NOT NULL PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    key_hash   VARCHAR(64)  NOT NULL,
    key_prefix VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_keys_name_uq UNIQUE (name),
    CONSTRAINT api_keys_hash_uq UNIQUE (key_hash)
);

ALTER TABLE jobs ADD COLUMN owner VARCHAR(32);
-- An Idempotency-Key is scoped to its owner: "<owner> <key>".
ALTER TABLE jobs ALTER COLUMN idempotency_key SET DATA TYPE VARCHAR(300);
-- Jobs in flight per key (the quota checked at intake).
CREATE INDEX jobs_owner_status_idx ON jobs (owner, status);
