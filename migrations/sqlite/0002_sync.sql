-- The sync engine. Every record a device pushes is kept once, keyed by its
-- device-made UUIDv7; `server_seq` orders what a device pulls. The learner state
-- tables are derived from the records when they are first accepted.
-- (The one SQLite-specific phrase: INTEGER PRIMARY KEY AUTOINCREMENT, BIGSERIAL on PostgreSQL.)

CREATE TABLE sync_records (
    server_seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users(id),
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    device_id     TEXT NOT NULL,
    device_seq    INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('lesson_done', 'check_attempt', 'time_spent')),
    -- The record as the device sent it (JSON), returned as is by pull.
    body          TEXT NOT NULL,
    client_at     TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
CREATE INDEX sync_records_user_seq ON sync_records (user_id, server_seq);

-- A lesson once done stays done; done_at is the earliest time any device said so.
CREATE TABLE lesson_progress (
    user_id    TEXT NOT NULL REFERENCES users(id),
    lesson_id  TEXT NOT NULL REFERENCES lessons(id),
    done_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

-- Append-only; best and latest scores are derived.
CREATE TABLE check_attempts (
    record_id     TEXT PRIMARY KEY REFERENCES sync_records(id),
    user_id       TEXT NOT NULL REFERENCES users(id),
    lesson_id     TEXT NOT NULL REFERENCES lessons(id),
    answers       TEXT NOT NULL,
    score         INTEGER NOT NULL CHECK (score >= 0),
    max_score     INTEGER NOT NULL CHECK (max_score > 0 AND score <= max_score),
    attempted_at  TEXT NOT NULL
);
CREATE INDEX check_attempts_user_lesson ON check_attempts (user_id, lesson_id);

CREATE TABLE lesson_time (
    user_id    TEXT NOT NULL REFERENCES users(id),
    lesson_id  TEXT NOT NULL REFERENCES lessons(id),
    seconds    INTEGER NOT NULL CHECK (seconds >= 0),
    PRIMARY KEY (user_id, lesson_id)
);
