-- Self check-in. A learner's check-in is a sync record (kind 'check_in'); once its code
-- is verified it also becomes a version of the learner's attendance mark.

-- Secrets the server keeps (the key check-in codes are derived from), made at start-up.
CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);

-- sync_records loses its CHECK on kind: kinds are checked by domain::sync before a row
-- is written, and each new kind would otherwise rebuild this (large) table again.
-- SQLite cannot drop a CHECK in place, so the table is rebuilt once more; the tables
-- that reference it are set aside and restored.
CREATE TABLE sync_records_new (
    server_seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users(id),
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    device_id     TEXT NOT NULL,
    device_seq    INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    body          TEXT NOT NULL,
    client_at     TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
INSERT INTO sync_records_new SELECT * FROM sync_records;
CREATE TEMP TABLE check_attempts_saved AS SELECT * FROM check_attempts;
CREATE TEMP TABLE attendance_marks_saved AS SELECT * FROM attendance_marks;
DROP TABLE check_attempts;
DROP TABLE attendance_marks;
DROP TABLE sync_records;
ALTER TABLE sync_records_new RENAME TO sync_records;
CREATE INDEX sync_records_user_seq ON sync_records (user_id, server_seq);
CREATE TABLE check_attempts (
    record_id     TEXT PRIMARY KEY REFERENCES sync_records(id),
    user_id       TEXT NOT NULL REFERENCES users(id),
    lesson_id     TEXT NOT NULL REFERENCES lessons(id),
    answers       TEXT NOT NULL,
    score         INTEGER NOT NULL CHECK (score >= 0),
    max_score     INTEGER NOT NULL CHECK (max_score > 0 AND score <= max_score),
    attempted_at  TEXT NOT NULL
);
INSERT INTO check_attempts SELECT * FROM check_attempts_saved;
DROP TABLE check_attempts_saved;
CREATE INDEX check_attempts_user_lesson ON check_attempts (user_id, lesson_id);
CREATE TABLE attendance_marks (
    record_id     TEXT PRIMARY KEY REFERENCES sync_records(id),
    session_id    TEXT NOT NULL REFERENCES class_sessions(id),
    learner_id    TEXT NOT NULL REFERENCES users(id),
    author_id     TEXT NOT NULL REFERENCES users(id),
    status        TEXT NOT NULL,
    minutes_late  INTEGER NOT NULL DEFAULT 0 CHECK (minutes_late >= 0),
    note          TEXT NOT NULL DEFAULT '',
    marked_at     TEXT NOT NULL,
    -- JSON array of the record ids this version replaces.
    replaces      TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO attendance_marks SELECT * FROM attendance_marks_saved;
DROP TABLE attendance_marks_saved;
CREATE INDEX attendance_marks_session ON attendance_marks (session_id, learner_id);

-- Accepted check-ins: which window's code each used (a learner uses a code once).
CREATE TABLE check_ins (
    record_id     TEXT PRIMARY KEY REFERENCES sync_records(id),
    session_id    TEXT NOT NULL REFERENCES class_sessions(id),
    learner_id    TEXT NOT NULL REFERENCES users(id),
    code_window   INTEGER NOT NULL,
    UNIQUE (session_id, learner_id, code_window)
);

-- Check-ins the server refused, for the session's trainers to see.
CREATE TABLE check_in_refusals (
    record_id     TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES class_sessions(id),
    learner_id    TEXT NOT NULL REFERENCES users(id),
    reason        TEXT NOT NULL,
    checked_at    TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
CREATE INDEX check_in_refusals_session ON check_in_refusals (session_id);
