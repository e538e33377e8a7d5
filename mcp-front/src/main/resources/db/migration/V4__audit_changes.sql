-- What each update changed in the order (path, before, after), as the worker recorded it at merge
-- time (OrderMutated.changes); NULL for events written before the worker recorded it, and for
-- other kinds. A replay fills it for every event that has it.
ALTER TABLE front.audit_event ADD COLUMN changes JSONB;
