-- Identity: practices, accounts (staff and clients), invitations, one-time tokens,
-- sessions, refresh tokens, login throttling, signing keys and the audit log.
-- No secret is stored in clear: PINs are HMACs, tokens are SHA-256 digests, private
-- keys and TOTP secrets are AES-GCM blobs (shared/crypto.py).

CREATE TABLE practices (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone   text NOT NULL,
    phone       text,
    email       text,
    address     text,
    npi         text,
    tax_id      text,
    license     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One table for everyone who signs in: "the same email can't be used for more than one
-- portal account" of a practice, staff or client.
CREATE TABLE accounts (
    id                  uuid PRIMARY KEY,
    practice_id         uuid NOT NULL REFERENCES practices (id),
    role                text NOT NULL CHECK (role IN ('client', 'clinician', 'admin')),
    email               text NOT NULL CHECK (email = lower(email)),
    first_name          text NOT NULL,
    last_name           text NOT NULL,
    date_of_birth       date,
    clinician_id        uuid REFERENCES accounts (id),
    status              text NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    password_hash       text,
    password_changed_at timestamptz,
    totp_secret         bytea,
    totp_enabled_at     timestamptz,
    totp_pending_secret bytea,
    totp_last_step      bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    activated_at        timestamptz,
    disabled_at         timestamptz,
    UNIQUE (practice_id, email),
    UNIQUE (practice_id, id)
);
CREATE INDEX accounts_practice_role ON accounts (practice_id, role, last_name, first_name);

-- A welcome email's link token and PIN. A re-send supersedes the previous row.
CREATE TABLE invitations (
    id            uuid PRIMARY KEY,
    practice_id   uuid NOT NULL,
    account_id    uuid NOT NULL,
    token_digest  bytea NOT NULL UNIQUE,
    pin_mac       bytea NOT NULL,
    pin_key_id    text NOT NULL,
    sent_by       uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    attempts      int NOT NULL DEFAULT 0,
    voided_at     timestamptz,
    accepted_at   timestamptz,
    superseded_at timestamptz,
    FOREIGN KEY (practice_id, account_id) REFERENCES accounts (practice_id, id)
);
CREATE UNIQUE INDEX invitations_one_current ON invitations (account_id) WHERE superseded_at IS NULL;

-- Single-use secrets: set-password grants, reset and setup links, login challenges.
CREATE TABLE one_time_tokens (
    digest        bytea PRIMARY KEY,
    purpose       text NOT NULL CHECK (purpose IN ('activate', 'reset', 'setup', 'login')),
    practice_id   uuid NOT NULL,
    account_id    uuid NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    superseded_at timestamptz,
    attempts      int NOT NULL DEFAULT 0,
    data          jsonb NOT NULL DEFAULT '{}',
    FOREIGN KEY (practice_id, account_id) REFERENCES accounts (practice_id, id)
);
CREATE INDEX one_time_tokens_account ON one_time_tokens (account_id, purpose)
    WHERE used_at IS NULL AND superseded_at IS NULL;

CREATE TABLE sessions (
    id             uuid PRIMARY KEY,
    practice_id    uuid NOT NULL,
    account_id     uuid NOT NULL,
    client_kind    text NOT NULL CHECK (client_kind IN ('browser', 'mobile')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text,
    ip             text,
    user_agent     text,
    FOREIGN KEY (practice_id, account_id) REFERENCES accounts (practice_id, id)
);
CREATE INDEX sessions_account_live ON sessions (account_id) WHERE revoked_at IS NULL;

-- Rotating refresh tokens: a used one presented again means it was stolen.
CREATE TABLE refresh_tokens (
    digest      bytea PRIMARY KEY,
    session_id  uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Failed logins per (practice, email digest), whether or not the account exists, so a
-- throttled unknown email answers exactly like a throttled real one.
CREATE TABLE login_throttle (
    practice_id     uuid NOT NULL,
    email_digest    bytea NOT NULL,
    failures        int NOT NULL DEFAULT 0,
    last_failure_at timestamptz,
    locked_until    timestamptz,
    PRIMARY KEY (practice_id, email_digest)
);

-- Ed25519 keys that sign access tokens. A retired key stays in the JWKS until
-- publish_until, after the last token it signed has expired.
CREATE TABLE signing_keys (
    kid           text PRIMARY KEY,
    private_key   bytea NOT NULL,
    public_jwk    jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    retired_at    timestamptz,
    publish_until timestamptz
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE retired_at IS NULL;

-- Append-only: who did what to which resource, from where, with what outcome.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    practice_id uuid,
    actor_id    uuid,
    actor_role  text,
    action      text NOT NULL,
    resource    text,
    client_id   uuid,
    outcome     text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    ip          text,
    user_agent  text,
    request_id  text,
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_practice_at ON audit_log (practice_id, at);
CREATE INDEX audit_log_client ON audit_log (client_id, at) WHERE client_id IS NOT NULL;

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
