-- A new signing key is published (in the JWKS) for a while before identity signs with it,
-- so every replica serves it, and every verifier can fetch it, before the first token
-- signed with it arrives. The current key and the next one are then both unretired.
ALTER TABLE signing_keys ADD COLUMN signs_from timestamptz;
UPDATE signing_keys SET signs_from = created_at;
ALTER TABLE signing_keys
    ALTER COLUMN signs_from SET NOT NULL,
    ALTER COLUMN signs_from SET DEFAULT now();
DROP INDEX signing_keys_one_active;
CREATE INDEX signing_keys_unretired ON signing_keys (signs_from) WHERE retired_at IS NULL;
