-- Secure messaging: one thread per client of a practice, its messages (encrypted), who
-- has read how far, the 15-minute links, and the log of every email this service sends.

-- A client's conversation with their practice. Created by the first message either way.
CREATE TABLE threads (
    id              uuid PRIMARY KEY,
    practice_id     uuid NOT NULL,
    client_id       uuid NOT NULL,
    created_at      timestamptz NOT NULL,
    last_message_at timestamptz NOT NULL,
    UNIQUE (practice_id, client_id)
);
-- The staff inbox: a practice's threads, latest activity first.
CREATE INDEX threads_inbox ON threads (practice_id, last_message_at DESC, id DESC);

-- ``seq`` orders messages (and is the page cursor); ``body`` is an AES-GCM blob from the
-- keyring (shared/crypto.py: the key id travels inside it), bound to the message id.
-- ``key_id`` repeats the key id so a rotation finds what is still on an old key.
CREATE TABLE messages (
    seq         bigserial UNIQUE,
    id          uuid PRIMARY KEY,
    thread_id   uuid NOT NULL REFERENCES threads (id),
    practice_id uuid NOT NULL,
    sender_id   uuid NOT NULL,
    sender_role text NOT NULL CHECK (sender_role IN ('client', 'clinician', 'admin')),
    body        bytea NOT NULL,
    key_id      text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX messages_thread ON messages (thread_id, seq DESC);
CREATE INDEX messages_key ON messages (key_id);

-- How far each reader has read a thread: messages of the other side with a higher seq
-- are unread for them. The client's mark gives staff their "Read" receipts, and the
-- practice's marks give the client theirs.
CREATE TABLE read_marks (
    thread_id   uuid NOT NULL REFERENCES threads (id),
    reader_id   uuid NOT NULL,
    reader_role text NOT NULL,
    read_seq    bigint NOT NULL,
    read_at     timestamptz NOT NULL,
    PRIMARY KEY (thread_id, reader_id)
);

-- "Read Secure Message": a random token (only its SHA-256 is kept) that opens one thread
-- for its client, until ``expires_at``.
CREATE TABLE message_links (
    token_hash  bytea PRIMARY KEY,
    practice_id uuid NOT NULL,
    thread_id   uuid NOT NULL REFERENCES threads (id),
    client_id   uuid NOT NULL,
    message_id  uuid NOT NULL REFERENCES messages (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX message_links_expiry ON message_links (expires_at);

-- Whether every staff member of a practice may read and answer any client's thread, or
-- only the client's own clinician (the default).
CREATE TABLE practice_settings (
    practice_id       uuid PRIMARY KEY,
    staff_may_message boolean NOT NULL DEFAULT false,
    updated_at        timestamptz NOT NULL
);

-- Every email this service sends, without its body: to whom, which template, when, what
-- became of it. ``id`` is the email outbox row's id. (cause_id, recipient) is unique:
-- the event or message that caused an email never emails the same address twice.
CREATE TABLE email_log (
    id             uuid PRIMARY KEY,
    practice_id    uuid NOT NULL,
    cause_id       uuid NOT NULL,
    cause_type     text NOT NULL,
    recipient      text NOT NULL,
    recipient_role text NOT NULL,
    client_id      uuid,
    template       text NOT NULL,
    queued_at      timestamptz NOT NULL,
    outcome        text NOT NULL DEFAULT 'queued' CHECK (outcome IN ('queued', 'sent', 'retrying')),
    attempts       int NOT NULL DEFAULT 0,
    last_error     text,
    sent_at        timestamptz,
    UNIQUE (cause_id, recipient)
);
CREATE INDEX email_log_practice ON email_log (practice_id, queued_at DESC, id DESC);
CREATE INDEX email_log_client ON email_log (practice_id, client_id, queued_at DESC);

-- The shared mailer knows nothing of this log; what it records on the outbox row (sent,
-- or another attempt and the error's name) is copied here as it happens, so the log
-- keeps each email's outcome after sent emails are purged from the outbox.
CREATE FUNCTION email_log_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE email_log
    SET outcome = CASE WHEN NEW.sent_at IS NOT NULL THEN 'sent' ELSE 'retrying' END,
        attempts = NEW.attempts,
        last_error = NEW.last_error,
        sent_at = NEW.sent_at
    WHERE id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER email_log_outcome AFTER UPDATE OF sent_at, attempts ON email_outbox
    FOR EACH ROW EXECUTE FUNCTION email_log_outcome();
