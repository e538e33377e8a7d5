-- The audit read model: built from the worker's event store (public.domain_event_entry) by the front's
-- tracking event processor, and rebuilt from the first event by a replay. Nothing here is the truth:
-- verification reads the event store itself.

-- The front's processor tokens (Axon's layout), apart from the worker's public.token_entry.
CREATE TABLE front.token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA        NULL,
    token_type     VARCHAR(255) NULL,
    timestamp      VARCHAR(255) NULL,
    owner          VARCHAR(255) NULL,
    PRIMARY KEY (processor_name, segment)
);

-- One row per stored terminal event (normally one per mutation; a duplicated event shows as two rows).
-- JSON columns keep what the event holds; state_change says whether result is the whole order
-- ('order'), the order's deletion ('deleted'), or neither (NULL), for the order-state-at-an-instant query.
CREATE TABLE front.audit_event (
    global_index    BIGINT       PRIMARY KEY,
    stream          VARCHAR(255) NOT NULL,
    sequence_number BIGINT       NOT NULL,
    event_hash      VARCHAR(64),
    mutation_id     VARCHAR(100) NOT NULL,
    tenant_id       VARCHAR(64)  NOT NULL,
    store_id        VARCHAR(64)  NOT NULL,
    subject         VARCHAR(200) NOT NULL,
    order_id        VARCHAR(200),
    kind            VARCHAR(40)  NOT NULL,
    outcome         VARCHAR(40)  NOT NULL,
    state_change    VARCHAR(10),
    requested_by    VARCHAR(64),
    accepted_at     TIMESTAMPTZ  NOT NULL,
    completed_at    TIMESTAMPTZ  NOT NULL,
    attempt_count   INTEGER      NOT NULL,
    attempts        JSONB        NOT NULL,
    requested       JSONB,
    sent            JSONB,
    result          JSONB,
    applied_with    JSONB,
    reason          TEXT
);
CREATE INDEX audit_event_mutation ON front.audit_event (mutation_id);
CREATE INDEX audit_event_order ON front.audit_event (tenant_id, store_id, order_id, global_index);
CREATE INDEX audit_event_accepted ON front.audit_event (tenant_id, accepted_at);
CREATE INDEX audit_event_outcome ON front.audit_event (tenant_id, outcome, accepted_at);
CREATE INDEX audit_event_kind ON front.audit_event (tenant_id, kind, accepted_at);
