-- Billing: invoices and their lines, the ledger, payments through Stripe, saved cards,
-- statements, superbills, and what superbills need (insurance member ids, diagnosis
-- codes, provider details). Money is integer minor units beside an ISO 4217 currency
-- (lower case, as Stripe writes it). Every row carries its practice; every client's row
-- its client. Diagnosis codes and superbill contents are AES-GCM blobs (shared/crypto.py).

-- One row per client who has billing: the lock that serialises a client's payments, the
-- client's Stripe customer (made on the first card) and the insurance member id.
CREATE TABLE billing_accounts (
    practice_id        uuid NOT NULL,
    client_id          uuid NOT NULL,
    stripe_customer_id text UNIQUE,
    member_id          bytea,  -- encrypted: an insurance member id is health information
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, client_id)
);

-- Invoice numbers run per practice without gaps: the counter row is updated in the
-- invoice's own transaction, so a rolled-back invoice gives its number back.
CREATE TABLE invoice_counters (
    practice_id uuid PRIMARY KEY,
    last_number integer NOT NULL CHECK (last_number >= 0)
);

CREATE TABLE invoices (
    id             uuid PRIMARY KEY,
    practice_id    uuid NOT NULL,
    client_id      uuid NOT NULL,
    clinician_id   uuid,
    number         integer NOT NULL CHECK (number > 0),
    appointment_id uuid UNIQUE,  -- one invoice per completed appointment, however often told
    issued_on      date NOT NULL,
    due_on         date NOT NULL,
    currency       text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    total          bigint NOT NULL CHECK (total > 0),
    paid           bigint NOT NULL DEFAULT 0 CHECK (paid >= 0),
    credited       bigint NOT NULL DEFAULT 0 CHECK (credited >= 0),
    voided_at      timestamptz,
    void_reason    text,
    created_by     uuid,  -- staff who made it; NULL: from a completed appointment
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (practice_id, number),
    CHECK (paid + credited <= total)
);
CREATE INDEX invoices_client ON invoices (practice_id, client_id, issued_on DESC, number DESC);
CREATE INDEX invoices_practice ON invoices (practice_id, issued_on DESC, number DESC);

CREATE TABLE invoice_lines (
    id               uuid PRIMARY KEY,
    invoice_id       uuid NOT NULL REFERENCES invoices (id),
    position         smallint NOT NULL,
    date_of_service  date NOT NULL,
    description      text NOT NULL,
    cpt_code         text,
    modifier         text,
    place_of_service text,
    units            integer NOT NULL CHECK (units > 0),
    unit_fee         bigint NOT NULL CHECK (unit_fee >= 0),
    amount           bigint NOT NULL CHECK (amount >= 0),
    UNIQUE (invoice_id, position)
);

CREATE TABLE payments (
    id                       uuid PRIMARY KEY,
    practice_id              uuid NOT NULL,
    client_id                uuid NOT NULL,
    amount                   bigint NOT NULL CHECK (amount > 0),
    currency                 text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    status                   text NOT NULL CHECK (status IN
                                 ('pending', 'requires_action', 'succeeded', 'failed')),
    stripe_payment_intent_id text UNIQUE,
    stripe_payment_method_id text,
    card_brand               text,
    card_last4               text,
    remember_card            boolean NOT NULL DEFAULT false,
    failure_message          text,
    created_at               timestamptz NOT NULL DEFAULT now(),
    settled_at               timestamptz
);
CREATE INDEX payments_client ON payments (practice_id, client_id, created_at DESC);
CREATE INDEX payments_unsettled ON payments (created_at) WHERE status IN ('pending', 'requires_action');

-- What a payment is for: each invoice and how much of it (the whole open amount).
CREATE TABLE payment_allocations (
    payment_id uuid NOT NULL REFERENCES payments (id),
    invoice_id uuid NOT NULL REFERENCES invoices (id),
    amount     bigint NOT NULL CHECK (amount > 0),
    PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);

-- The ledger: append-only. A client's balance is charges - voids - payments - credits.
CREATE TABLE ledger_entries (
    id          uuid PRIMARY KEY,
    practice_id uuid NOT NULL,
    client_id   uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('charge', 'void', 'payment', 'credit')),
    amount      bigint NOT NULL CHECK (amount > 0),
    currency    text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    invoice_id  uuid REFERENCES invoices (id),
    payment_id  uuid REFERENCES payments (id),
    memo        text,
    occurred_at timestamptz NOT NULL,
    recorded_by uuid
);
CREATE INDEX ledger_client ON ledger_entries (practice_id, client_id, occurred_at);

CREATE TABLE saved_cards (
    id                       uuid PRIMARY KEY,
    practice_id              uuid NOT NULL,
    client_id                uuid NOT NULL,
    stripe_payment_method_id text NOT NULL UNIQUE,
    brand                    text NOT NULL,
    last4                    text NOT NULL,
    exp_month                smallint,
    exp_year                 smallint,
    created_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_cards_client ON saved_cards (practice_id, client_id);

-- Each Stripe event is handled once: its id is claimed in the handling transaction.
CREATE TABLE stripe_events (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE statements (
    id              uuid PRIMARY KEY,
    practice_id     uuid NOT NULL,
    client_id       uuid NOT NULL,
    period_start    date NOT NULL,
    period_end      date NOT NULL,
    currency        text NOT NULL,
    opening_balance bigint NOT NULL,
    closing_balance bigint NOT NULL,
    content         jsonb NOT NULL,  -- the lines as issued (dates, kinds, amounts)
    issued_at       timestamptz NOT NULL,
    issued_by       uuid,  -- NULL: the monthly schedule
    UNIQUE (practice_id, client_id, period_start, period_end, currency)
);
CREATE INDEX statements_client ON statements (practice_id, client_id, period_start DESC);

CREATE TABLE superbills (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    client_id    uuid NOT NULL,
    period_start date NOT NULL,
    period_end   date NOT NULL,
    currency     text NOT NULL,
    total        bigint NOT NULL,
    paid         bigint NOT NULL,
    content      bytea NOT NULL,  -- encrypted JSON: names, codes, diagnoses as issued
    issued_at    timestamptz NOT NULL,
    issued_by    uuid
);
CREATE INDEX superbills_client ON superbills (practice_id, client_id, issued_at DESC);

-- ICD-10 codes staff record for a client, in pointer order (A, B, C...).
CREATE TABLE client_diagnoses (
    practice_id uuid NOT NULL,
    client_id   uuid NOT NULL,
    position    smallint NOT NULL CHECK (position BETWEEN 1 AND 12),
    code        bytea NOT NULL,  -- encrypted "F41.1 Generalized anxiety disorder"
    PRIMARY KEY (practice_id, client_id, position)
);

-- A clinician's details for superbills (the practice's NPI, tax id and address come from
-- the directory; a clinician's own NPI and license, when set, are printed instead).
CREATE TABLE providers (
    practice_id uuid NOT NULL,
    staff_id    uuid NOT NULL,
    credentials text,
    npi         text,
    license     text,
    tax_id      text,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, staff_id)
);
