-- The read model becomes an index of the event store: the scalar columns that find an event (tenant,
-- store, order, kind, outcome, times) and nothing else. The event's JSON values are in its stored
-- payload (public.domain_event_entry, joined by global_index), which the queries read when they
-- answer. Copying them here as jsonb (an OrderMutated holds the whole order twice, ~5 KB) was most of
-- what a replay cost: PostgreSQL parsing and compressing them row by row. The space the dropped
-- columns held is given back when the table is next rewritten (a replay truncates it).
ALTER TABLE front.audit_event
    DROP COLUMN attempts,
    DROP COLUMN requested,
    DROP COLUMN sent,
    DROP COLUMN result,
    DROP COLUMN applied_with,
    DROP COLUMN changes;
