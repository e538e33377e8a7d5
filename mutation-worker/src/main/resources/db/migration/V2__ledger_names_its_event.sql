-- The ledger names its terminal event (domain_event_entry.event_identifier, unique) instead of
-- keeping a second copy of its JSON: the event store already holds exactly that text as the
-- event's payload, written in the same transaction. Rows written before keep their copy.
ALTER TABLE processed_mutation ADD COLUMN event_identifier VARCHAR(255);
ALTER TABLE processed_mutation ALTER COLUMN event_json DROP NOT NULL;
ALTER TABLE processed_mutation ADD CONSTRAINT processed_mutation_event_named
    CHECK (event_json IS NOT NULL OR event_identifier IS NOT NULL);
