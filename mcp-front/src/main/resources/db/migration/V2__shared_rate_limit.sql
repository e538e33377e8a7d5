-- OrderDesk's per-store request budget, shared by every worker and front (Bucket4j). The worker's
-- migration creates the same table; whichever app starts first creates it.
CREATE TABLE IF NOT EXISTS public.rate_limit_bucket (
    id         VARCHAR(200) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
