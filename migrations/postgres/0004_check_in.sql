-- Self check-in (PostgreSQL; kept in step with migrations/sqlite/0004). A learner's
-- check-in is a sync record (kind 'check_in'); once its code is verified it also becomes
-- a version of the learner's attendance mark.

CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY,
    value  BYTEA NOT NULL
);

-- Kinds are checked by domain::sync before a row is written.
ALTER TABLE sync_records DROP CONSTRAINT sync_records_kind_check;

CREATE TABLE check_ins (
    record_id     TEXT PRIMARY KEY REFERENCES sync_records(id),
    session_id    TEXT NOT NULL REFERENCES class_sessions(id),
    learner_id    TEXT NOT NULL REFERENCES users(id),
    code_window   BIGINT NOT NULL,
    UNIQUE (session_id, learner_id, code_window)
);

CREATE TABLE check_in_refusals (
    record_id     TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES class_sessions(id),
    learner_id    TEXT NOT NULL REFERENCES users(id),
    reason        TEXT NOT NULL,
    checked_at    TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
CREATE INDEX check_in_refusals_session ON check_in_refusals (session_id);
