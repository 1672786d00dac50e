-- Idempotency-Key (shared/web/idempotency.py): one row per caller and key. A row without
-- completed_at is a request still running (or one whose process died: locked_until ends
-- its claim); a completed row replays its answer. Purged after a day.
CREATE TABLE idempotency_keys (
    practice_id  uuid NOT NULL,
    caller_id    uuid NOT NULL,
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz NOT NULL,
    completed_at timestamptz,
    status       int,
    headers      jsonb,
    body         bytea,
    PRIMARY KEY (practice_id, caller_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
