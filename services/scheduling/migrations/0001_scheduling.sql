-- Scheduling: where sessions happen (locations), what is booked (services), when each
-- clinician can be booked (weekly hours, date overrides, time off), the practice's
-- booking policy, appointments and private calendar feeds. Times are UTC timestamptz;
-- weekly hours are wall-clock times in their location's IANA zone.

-- Double booking is refused by PostgreSQL itself (the exclusion constraint on
-- appointments below), whatever the code above it does. btree_gist gives GiST the uuid
-- equality the constraint needs; it is a trusted extension (PostgreSQL 13+).
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

CREATE TABLE booking_policies (
    practice_id               uuid PRIMARY KEY,
    requires_approval         boolean NOT NULL DEFAULT true,
    min_notice_hours          integer NOT NULL DEFAULT 24 CHECK (min_notice_hours BETWEEN 0 AND 720),
    horizon_days              integer NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 730),
    buffer_minutes            integer NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 240),
    slot_interval_minutes     integer NOT NULL DEFAULT 60
                              CHECK (slot_interval_minutes BETWEEN 5 AND 240),
    online_cancellation       boolean NOT NULL DEFAULT true,
    cancellation_window_hours integer NOT NULL DEFAULT 24
                              CHECK (cancellation_window_hours IN (24, 48, 72)),
    reminder_hours            integer NOT NULL DEFAULT 24 CHECK (reminder_hours BETWEEN 1 AND 168),
    allow_new_clients         boolean NOT NULL DEFAULT false,
    office_phone              text,
    updated_at                timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
    id          uuid PRIMARY KEY,
    practice_id uuid NOT NULL,
    name        text NOT NULL,
    time_zone   text NOT NULL,
    address     text,
    phone       text,
    telehealth  boolean NOT NULL DEFAULT false,
    video_url   text,
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- An office has an address (the map link is built from it); telehealth has none.
    CHECK (telehealth = (address IS NULL))
);
CREATE INDEX locations_practice ON locations (practice_id, name);

CREATE TABLE services (
    id               uuid PRIMARY KEY,
    practice_id      uuid NOT NULL,
    name             text NOT NULL,
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 600),
    fee              integer NOT NULL CHECK (fee >= 0),  -- minor units
    currency         text NOT NULL DEFAULT 'USD',
    cpt_code         text,
    online           boolean NOT NULL DEFAULT true,  -- clients may book it themselves
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_practice ON services (practice_id, name);

-- Which clinicians offer a service.
CREATE TABLE service_clinicians (
    service_id   uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    clinician_id uuid NOT NULL,
    PRIMARY KEY (service_id, clinician_id)
);
CREATE INDEX service_clinicians_clinician ON service_clinicians (clinician_id);

-- A clinician's usual hours at a location: ISO weekday (1 Monday .. 7 Sunday) and
-- wall-clock times in the location's zone, so 9 to 5 stays 9 to 5 across DST changes.
CREATE TABLE weekly_hours (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    clinician_id uuid NOT NULL,
    location_id  uuid NOT NULL REFERENCES locations (id),
    weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts       time NOT NULL,
    ends         time NOT NULL,
    CHECK (starts < ends)
);
CREATE INDEX weekly_hours_clinician ON weekly_hours (clinician_id, location_id);

-- Hours for one date that replace the weekly hours of that date at that location; a row
-- without times closes the day.
CREATE TABLE date_overrides (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    clinician_id uuid NOT NULL,
    location_id  uuid NOT NULL REFERENCES locations (id),
    on_date      date NOT NULL,
    starts       time,
    ends         time,
    CHECK ((starts IS NULL) = (ends IS NULL)),
    CHECK (starts IS NULL OR starts < ends)
);
CREATE INDEX date_overrides_lookup ON date_overrides (clinician_id, location_id, on_date);

-- Time off blocks a clinician everywhere.
CREATE TABLE time_off (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    clinician_id uuid NOT NULL,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_at < ends_at)
);
CREATE INDEX time_off_clinician ON time_off (clinician_id, ends_at);

CREATE TABLE appointments (
    id                  uuid PRIMARY KEY,
    practice_id         uuid NOT NULL,
    clinician_id        uuid NOT NULL,
    client_id           uuid,  -- NULL only for a New Client request not approved yet
    prospect_first_name text,
    prospect_last_name  text,
    prospect_email      text,
    prospect_phone      text,
    location_id         uuid NOT NULL REFERENCES locations (id),
    service_id          uuid NOT NULL REFERENCES services (id),
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    -- The end of the session plus the practice's buffer at booking time: the clinician's
    -- time this appointment takes from others.
    held_until          timestamptz NOT NULL,
    status              text NOT NULL CHECK (status IN
                        ('requested', 'confirmed', 'declined', 'cancelled', 'completed', 'no_show')),
    sequence            integer NOT NULL DEFAULT 0,  -- iCalendar SEQUENCE
    requested_by        text NOT NULL CHECK (requested_by IN ('client', 'clinician', 'admin', 'prospect')),
    decline_note        text,
    cancelled_by        text,
    cancelled_late      boolean NOT NULL DEFAULT false,
    reminder_sent_at    timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_at < ends_at AND ends_at <= held_until),
    CHECK (client_id IS NOT NULL OR prospect_email IS NOT NULL),
    -- A requested time is held as firmly as a confirmed one: two clients asking for the
    -- same time at once cannot both get it (SQLSTATE 23P01 for the second). Half-open
    -- ranges let one session end exactly when the next begins.
    CONSTRAINT appointments_no_double_booking EXCLUDE USING gist (
        clinician_id WITH =,
        tstzrange(starts_at, held_until, '[)') WITH &&
    ) WHERE (status IN ('requested', 'confirmed'))
);
CREATE INDEX appointments_client ON appointments (practice_id, client_id, starts_at);
CREATE INDEX appointments_clinician ON appointments (clinician_id, starts_at);
CREATE INDEX appointments_requested ON appointments (practice_id, starts_at)
    WHERE status = 'requested';
CREATE INDEX appointments_reminder_due ON appointments (starts_at)
    WHERE status = 'confirmed' AND reminder_sent_at IS NULL;

-- Private calendar subscriptions: a secret URL per client or clinician, stored hashed,
-- at most one live per person (a new one revokes the old).
CREATE TABLE calendar_feeds (
    id          uuid PRIMARY KEY,
    practice_id uuid NOT NULL,
    owner_id    uuid NOT NULL,
    owner_role  text NOT NULL CHECK (owner_role IN ('client', 'clinician', 'admin')),
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE UNIQUE INDEX calendar_feeds_one_live ON calendar_feeds (practice_id, owner_id)
    WHERE revoked_at IS NULL;
