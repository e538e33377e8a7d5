-- mcp-front's tables live in their own schema "front" (history table front.flyway_history_front), so
-- that the worker's migrations in "public" never meet a non-empty schema. The worker reads
-- front.store_credentials (the store registry) and writes public.processed_mutation, which the front reads.

CREATE TABLE front.tenant (
    tenant_id  VARCHAR(64) PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL
);

-- Bearer tokens: only their SHA-256 is kept. token_id is the public start of the token (shown in
-- listings and audit trails); the rest is 256 random bits.
CREATE TABLE front.token (
    token_id     VARCHAR(40)  PRIMARY KEY,
    tenant_id    VARCHAR(64)  NOT NULL REFERENCES front.tenant (tenant_id),
    role         VARCHAR(16)  NOT NULL CHECK (role IN ('agent', 'auditor', 'operator')),
    token_sha256 BYTEA        NOT NULL,
    label        VARCHAR(200),
    created_at   TIMESTAMPTZ  NOT NULL,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX token_tenant ON front.token (tenant_id);

-- The store registry: API keys sealed with AES-256-GCM (tenant and store ids as associated data).
CREATE TABLE front.store_credentials (
    tenant_id      VARCHAR(64)  NOT NULL REFERENCES front.tenant (tenant_id),
    store_id       VARCHAR(64)  NOT NULL,
    name           VARCHAR(100) NOT NULL,
    key_id         VARCHAR(40)  NOT NULL,
    api_key_sealed BYTEA        NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, store_id)
);
CREATE UNIQUE INDEX store_credentials_name ON front.store_credentials (tenant_id, lower(name));
CREATE INDEX store_credentials_store ON front.store_credentials (store_id);

-- Every mutation this front handed to Kafka, so that a pending one is visible and a repeated
-- client idempotency key returns the first mutation.
CREATE TABLE front.accepted_mutation (
    mutation_id     VARCHAR(100) PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    store_id        VARCHAR(64)  NOT NULL,
    kind            VARCHAR(40)  NOT NULL,
    subject         VARCHAR(200) NOT NULL,
    idempotency_key VARCHAR(200),
    request_sha256  VARCHAR(64)  NOT NULL,
    requested_by    VARCHAR(64),
    accepted_at     TIMESTAMPTZ  NOT NULL,
    queued          BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX accepted_mutation_idempotency ON front.accepted_mutation (tenant_id, store_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX accepted_mutation_recent ON front.accepted_mutation (tenant_id, store_id, accepted_at DESC);
CREATE INDEX accepted_mutation_subject ON front.accepted_mutation (tenant_id, store_id, subject);
