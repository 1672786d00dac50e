-- The practice directory (shared/directory.py): each service's own copy of the practices,
-- staff and clients identity announces, kept current by the service's directory consumer.
-- Never written by anything else; identity keeps these tables empty.
-- Each row remembers the event time it reflects (``*_at``), so an older event arriving
-- late (a retry) never overwrites a newer one.

CREATE TABLE directory_practices (
    practice_id uuid PRIMARY KEY,
    slug        text NOT NULL,
    name        text NOT NULL,
    time_zone   text NOT NULL,
    phone       text,
    email       text,
    address     text,
    npi         text,
    tax_id      text,
    license     text,
    seen_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX directory_practices_slug ON directory_practices (slug);

CREATE TABLE directory_staff (
    staff_id    uuid PRIMARY KEY,
    practice_id uuid NOT NULL,
    role        text NOT NULL,
    first_name  text NOT NULL,
    last_name   text NOT NULL,
    email       text NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    seen_at     timestamptz NOT NULL
);
CREATE INDEX directory_staff_practice ON directory_staff (practice_id);

-- A client's details and status come from different events (client.invited/updated carry
-- the details; client.activated/deactivated only the status), each with its own time.
CREATE TABLE directory_clients (
    client_id     uuid PRIMARY KEY,
    practice_id   uuid NOT NULL,
    clinician_id  uuid,
    first_name    text NOT NULL DEFAULT '',
    last_name     text NOT NULL DEFAULT '',
    email         text NOT NULL DEFAULT '',
    date_of_birth date,
    status        text NOT NULL DEFAULT 'invited',
    details_at    timestamptz,
    status_at     timestamptz
);
CREATE INDEX directory_clients_practice ON directory_clients (practice_id, last_name, first_name);
CREATE INDEX directory_clients_clinician ON directory_clients (clinician_id);
