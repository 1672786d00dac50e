-- Integrations: clinician tools' broker credentials, webhooks and their deliveries.
-- No secret in clear: tools' passwords are never stored (RabbitMQ keeps a hash); webhook
-- secrets must sign, so they are AES-GCM blobs (shared/crypto.py, the key id inside).

CREATE TABLE tool_credentials (
    id            uuid PRIMARY KEY,
    practice_id   uuid NOT NULL,
    practice_slug text NOT NULL,
    name          text NOT NULL CHECK (name ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    created_at    timestamptz NOT NULL,
    created_by    uuid,
    revoked_at    timestamptz,
    revoked_by    uuid,
    -- The broker user and its queues are gone (a job retries until they are).
    removed_at    timestamptz,
    CHECK (removed_at IS NULL OR revoked_at IS NOT NULL)
);
-- A name is taken until its broker user is removed: a new credential of the same name
-- before then would be deleted by the pending removal.
CREATE UNIQUE INDEX tool_credentials_name ON tool_credentials (practice_id, name)
    WHERE removed_at IS NULL;
-- The broker user's name (tool.<slug>.<name>) is unique on the broker.
CREATE UNIQUE INDEX tool_credentials_username ON tool_credentials (practice_slug, name)
    WHERE removed_at IS NULL;
CREATE INDEX tool_credentials_practice ON tool_credentials (practice_id, created_at DESC);
CREATE INDEX tool_credentials_to_remove ON tool_credentials (revoked_at)
    WHERE revoked_at IS NOT NULL AND removed_at IS NULL;

CREATE TABLE webhooks (
    id          uuid PRIMARY KEY,
    practice_id uuid NOT NULL,
    url         text NOT NULL CHECK (length(url) <= 2000),
    event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
    secret      bytea NOT NULL,  -- AES-GCM blob, the webhook id as associated data
    created_at  timestamptz NOT NULL,
    created_by  uuid
);
CREATE INDEX webhooks_practice ON webhooks (practice_id, created_at DESC);
CREATE INDEX webhooks_event_types ON webhooks USING gin (event_types);

-- One row per (webhook, event): a redelivered event never makes a second delivery, and
-- every attempt sends the same body with the same event id.
CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    webhook_id      uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    practice_id     uuid NOT NULL,
    event_id        uuid NOT NULL,
    event_type      text NOT NULL,
    body            text NOT NULL,  -- the CloudEvents JSON, byte for byte what is signed
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        int NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    give_up_at      timestamptz NOT NULL,
    leased_until    timestamptz,  -- a worker is sending it (several replicas share work)
    last_attempt_at timestamptz,
    last_status     int,  -- the receiver's HTTP status, if it answered
    last_error      text,
    finished_at     timestamptz,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_of_webhook ON webhook_deliveries (webhook_id, created_at DESC);
CREATE INDEX webhook_deliveries_last_attempt ON webhook_deliveries (webhook_id, last_attempt_at DESC)
    WHERE last_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at)
    WHERE status <> 'pending';
