-- The library's own tables, created in every service's schema.

-- Events written in the same transaction as the state change; the relay publishes them.
CREATE TABLE outbox (
    seq          bigserial PRIMARY KEY,
    id           uuid NOT NULL UNIQUE,
    type         text NOT NULL,
    envelope     jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;

-- Event ids a consumer has handled: a redelivery of the same id is a no-op.
CREATE TABLE inbox (
    consumer   text NOT NULL,
    event_id   uuid NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Emails written in the caller's transaction; the mailer sends them, retrying while SMTP is down.
CREATE TABLE email_outbox (
    id           uuid PRIMARY KEY,
    practice_id  uuid,
    to_address   text NOT NULL,
    subject      text NOT NULL,
    text_body    text NOT NULL,
    html_body    text,
    from_name    text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    attempts     int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error   text,
    sent_at      timestamptz
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE sent_at IS NULL;
