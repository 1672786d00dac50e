-- A table for the backbone tests: what a consumer did, one row per effect.
CREATE TABLE handled (
    event_id  uuid PRIMARY KEY,
    consumer  text NOT NULL,
    payload   jsonb NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE job_runs (
    id   bigserial PRIMARY KEY,
    job  text NOT NULL,
    ran_at timestamptz NOT NULL DEFAULT now()
);
