-- Where replies to an email go (the practice's address, not the no-reply sender).
-- Attachments (a calendar file) travel inside the encrypted body.
ALTER TABLE email_outbox ADD COLUMN reply_to text;
