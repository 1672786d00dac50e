-- Admins read their practice's audit log newest first, paged on (at, id), optionally
-- narrowed to one client or one actor. Each of those reads is one index range scan.
CREATE INDEX audit_log_practice_recent ON audit_log (practice_id, at DESC, id DESC);
CREATE INDEX audit_log_practice_client ON audit_log (practice_id, client_id, at DESC, id DESC)
    WHERE client_id IS NOT NULL;
CREATE INDEX audit_log_practice_actor ON audit_log (practice_id, actor_id, at DESC, id DESC)
    WHERE actor_id IS NOT NULL;

-- Prefixes of the indexes above: one index fewer to write on every append.
DROP INDEX audit_log_practice_at;
DROP INDEX audit_log_client;
