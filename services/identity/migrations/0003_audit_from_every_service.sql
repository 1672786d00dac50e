-- The practice's log covers every service: each row names the service where the access
-- happened (identity's own rows, and the records other services send on portal.audit).
ALTER TABLE audit_log ADD COLUMN service text NOT NULL DEFAULT 'identity';
