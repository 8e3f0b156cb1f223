-- Jobs and their outputs. Portable between PostgreSQL 15+ and H2 in PostgreSQL mode.
CREATE TABLE jobs (
    job_id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    status              VARCHAR(16)   NOT NULL,
    operations          VARCHAR(256)  NOT NULL,
    operation_params    TEXT          NOT NULL,
    webhook_url         VARCHAR(2048),
    source_key          VARCHAR(512)  NOT NULL,
    source_name         VARCHAR(255)  NOT NULL,
    source_format       VARCHAR(16)   NOT NULL,
    source_bytes        BIGINT        NOT NULL,
    source_width        INTEGER       NOT NULL,
    source_height       INTEGER       NOT NULL,
    idempotency_key     VARCHAR(255),
    request_fingerprint VARCHAR(64),
    metadata            TEXT,
    archive_key         VARCHAR(512),
    error_message       TEXT,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The last guard of Idempotency-Key: one job per key, whatever the API replicas do.
    CONSTRAINT jobs_idempotency_key_uq UNIQUE (idempotency_key)
);

CREATE INDEX jobs_expires_at_idx ON jobs (expires_at);
CREATE INDEX jobs_status_updated_at_idx ON jobs (status, updated_at);

CREATE TABLE job_outputs (
    job_id        VARCHAR(36)  NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    operation     VARCHAR(16)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    object_key    VARCHAR(512),
    content_type  VARCHAR(64),
    bytes         BIGINT,
    width         INTEGER,
    height        INTEGER,
    error_message TEXT,
    finished_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, operation)
);

-- Camel's JDBC aggregation repository: the aggregator's state per job survives restarts and is shared by workers.
CREATE TABLE aggregation (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);

CREATE TABLE aggregation_completed (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);
