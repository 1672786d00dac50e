-- Email bodies carry PINs and one-time links: they wait encrypted (shared/crypto.py, the
-- key id beside the blob, the row id as associated data) and are cleared once sent.
ALTER TABLE email_outbox
    ADD COLUMN body   bytea,  -- AES-GCM blob of {"text": ..., "html": ...}
    ADD COLUMN key_id text,
    ALTER COLUMN text_body DROP NOT NULL;

-- Rows from before: what was sent keeps no body; what still waits goes out from its
-- clear columns (and is cleared then).
UPDATE email_outbox SET text_body = NULL, html_body = NULL WHERE sent_at IS NOT NULL;
