-- The read model keeps each event's JSON as the event has it: json (validated text), not jsonb.
-- Nothing queries inside these columns; they are read whole. Building jsonb (parsing ~5 KB per row
-- into PostgreSQL's binary form) was most of what a replay cost (infra/audit-bench/README.md).
ALTER TABLE front.audit_event
    ALTER COLUMN attempts     TYPE json USING attempts::json,
    ALTER COLUMN requested    TYPE json USING requested::json,
    ALTER COLUMN sent         TYPE json USING sent::json,
    ALTER COLUMN result       TYPE json USING result::json,
    ALTER COLUMN applied_with TYPE json USING applied_with::json,
    ALTER COLUMN changes      TYPE json USING changes::json;
