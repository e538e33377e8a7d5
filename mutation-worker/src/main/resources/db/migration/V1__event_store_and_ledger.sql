-- Axon Framework's JDBC event store, as Axon's PostgresEventTableFactory / PostgresTokenTableFactory define it.
CREATE TABLE IF NOT EXISTS domain_event_entry (
    global_index         BIGSERIAL    NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255),
    PRIMARY KEY (global_index),
    UNIQUE (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);

CREATE TABLE IF NOT EXISTS snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255),
    PRIMARY KEY (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);

CREATE TABLE IF NOT EXISTS token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA        NULL,
    token_type     VARCHAR(255) NULL,
    timestamp      VARCHAR(255) NULL,
    owner          VARCHAR(255) NULL,
    PRIMARY KEY (processor_name, segment)
);

-- The ledger of processed mutations: written in the same transaction as the terminal event, so a
-- redelivered command finds its outcome here instead of being applied a second time.
CREATE TABLE processed_mutation (
    mutation_id VARCHAR(100) PRIMARY KEY,
    tenant_id   VARCHAR(100) NOT NULL,
    store_id    VARCHAR(100) NOT NULL,
    subject     VARCHAR(200) NOT NULL,
    outcome     VARCHAR(40)  NOT NULL,
    event_json  TEXT         NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX processed_mutation_subject ON processed_mutation (store_id, subject);

-- Mutations that sent (or were about to send) a non-idempotent request: a redelivery of one of
-- these looks its effect up before sending anything again.
CREATE TABLE mutation_started (
    mutation_id VARCHAR(100) PRIMARY KEY,
    started_at  TIMESTAMPTZ  NOT NULL,
    context     TEXT
);

-- Commands that could not be decoded: sent to the dead-letter topic, and recorded here.
CREATE TABLE dead_lettered_command (
    id          BIGSERIAL    PRIMARY KEY,
    topic       VARCHAR(255) NOT NULL,
    partition   INTEGER      NOT NULL,
    "offset"    BIGINT       NOT NULL,
    record_key  VARCHAR(500),
    reason      TEXT         NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (topic, partition, "offset")
);

-- OrderDesk's per-store request budget, shared by every process (Bucket4j).
CREATE TABLE IF NOT EXISTS rate_limit_bucket (
    id         VARCHAR(200) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
