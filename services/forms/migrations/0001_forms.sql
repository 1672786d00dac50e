-- Forms: templates (forms and documents, versioned), packets, what was assigned to each
-- client, drafts, submissions and their signatures. Answers, drafts and typed signatures
-- are AES-GCM blobs (shared/crypto.py) bound to their row's id; nothing clinical is in
-- clear. A template version and a submission never change once written (triggers below):
-- an edit is a new version, a correction a new submission.

-- Per practice: when its built-in library was made, and the welcome message a client sees
-- on the Documents page before Get Started.
CREATE TABLE practice_setup (
    practice_id      uuid PRIMARY KEY,
    welcome_message  text NOT NULL,
    created_at       timestamptz NOT NULL
);

CREATE TABLE templates (
    template_id     uuid PRIMARY KEY,
    practice_id     uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('form', 'document')),
    builtin         text,  -- intake, consent, privacy, phq9, gad7: the library's own
    title           text NOT NULL,  -- the latest version's, for lists
    latest_version  int NOT NULL CHECK (latest_version >= 1),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (practice_id, builtin)
);
CREATE INDEX templates_practice ON templates (practice_id, lower(title));

CREATE TABLE template_versions (
    template_id  uuid NOT NULL REFERENCES templates (template_id),
    version      int NOT NULL CHECK (version >= 1),
    practice_id  uuid NOT NULL,
    title        text NOT NULL,
    description  text NOT NULL DEFAULT '',
    body         text,  -- a document's text to read and sign
    fields       jsonb NOT NULL,
    measure      text CHECK (measure IN ('phq9', 'gad7')),
    created_at   timestamptz NOT NULL,
    created_by   uuid,  -- NULL: the built-in library
    PRIMARY KEY (template_id, version)
);

CREATE TABLE packets (
    packet_id       uuid PRIMARY KEY,
    practice_id     uuid NOT NULL,
    name            text NOT NULL,
    template_ids    uuid[] NOT NULL,
    default_intake  boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX packets_practice ON packets (practice_id, lower(name));
-- A practice has at most one packet assigned when a client is invited.
CREATE UNIQUE INDEX packets_one_default ON packets (practice_id) WHERE default_intake;

-- One form or document shared with one client, at the version it had then.
CREATE TABLE assignments (
    assignment_id  uuid PRIMARY KEY,
    practice_id    uuid NOT NULL,
    client_id      uuid NOT NULL,
    template_id    uuid NOT NULL,
    version        int NOT NULL,
    batch_id       uuid NOT NULL,  -- assigned together (a packet): one form.assigned
    position       int NOT NULL,
    assigned_by    uuid,  -- NULL: the intake packet, assigned on invitation
    assigned_at    timestamptz NOT NULL,
    completed_at   timestamptz,  -- the first submission
    FOREIGN KEY (template_id, version) REFERENCES template_versions (template_id, version)
);
CREATE INDEX assignments_client ON assignments (practice_id, client_id, assigned_at, position);

-- A client's intake packet is assigned once, however often client.invited arrives.
CREATE TABLE intake_assigned (
    client_id    uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    batch_id     uuid,  -- NULL: the practice had no default packet then
    at           timestamptz NOT NULL
);

-- What the client typed so far (autosave); revision is the ETag.
CREATE TABLE drafts (
    assignment_id  uuid PRIMARY KEY REFERENCES assignments (assignment_id),
    practice_id    uuid NOT NULL,
    client_id      uuid NOT NULL,
    revision       int NOT NULL CHECK (revision >= 1),
    answers        bytea NOT NULL,  -- AES-GCM, aad = assignment id
    updated_at     timestamptz NOT NULL
);

CREATE TABLE submissions (
    submission_id      uuid PRIMARY KEY,
    assignment_id      uuid NOT NULL REFERENCES assignments (assignment_id),
    practice_id        uuid NOT NULL,
    client_id          uuid NOT NULL,
    template_id        uuid NOT NULL,
    version            int NOT NULL,
    number             int NOT NULL CHECK (number >= 1),  -- 2 and up: corrections
    answers            bytea NOT NULL,  -- AES-GCM, aad = submission id
    submitted_at       timestamptz NOT NULL,
    measure            text,
    score              int,
    severity           text,
    urgent             boolean NOT NULL DEFAULT false,
    flags              text[] NOT NULL DEFAULT '{}',
    -- The signing record: typed name (AES-GCM, aad = submission id), when, from where,
    -- and the SHA-256 of the exact text that was signed.
    signer_name        bytea,
    signed_at          timestamptz,
    signer_ip          text,
    signer_user_agent  text,
    document_sha256    text,
    UNIQUE (assignment_id, number)
);
CREATE INDEX submissions_client ON submissions (practice_id, client_id, submitted_at DESC);

-- Nobody changes what was signed or submitted, nor a version something was assigned at:
-- not the service (its role owns no table, so it cannot drop these), not a bug.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows never change once written', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER submissions_never_change BEFORE UPDATE OR DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER submissions_never_truncated BEFORE TRUNCATE ON submissions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER template_versions_never_change BEFORE UPDATE OR DELETE ON template_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
