-- An outbox row names the exchange it goes to: `portal.events` for events, `portal.audit`
-- for audit records (shared/audit.py), which outside tools may never bind.
ALTER TABLE outbox ADD COLUMN exchange text NOT NULL DEFAULT 'portal.events';
-- Replaying retained events to a service that starts later (python -m shared.replay)
-- reads them by time.
CREATE INDEX outbox_created ON outbox (created_at);
