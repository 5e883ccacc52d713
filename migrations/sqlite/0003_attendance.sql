-- Attendance. Marks are sync records (kind 'attendance_mark'), every version kept;
-- which version counts, and which learners need a trainer's decision, is derived by
-- domain::attendance from the set of versions.

-- Statuses an institute marks with, in tap order, with points for the attendance rate.
-- An institute without rows here uses Sala's defaults (present, late, absent, excused).
CREATE TABLE attendance_statuses (
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    code          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    label_km      TEXT NOT NULL,
    label_en      TEXT NOT NULL,
    points        INTEGER NOT NULL CHECK (points BETWEEN 0 AND 100),
    counts        INTEGER NOT NULL CHECK (counts IN (0, 1)),
    late          INTEGER NOT NULL CHECK (late IN (0, 1)),
    PRIMARY KEY (institute_id, code)
);

-- Below this attendance rate (percent) a learner is flagged "at risk".
ALTER TABLE institutes ADD COLUMN attendance_threshold INTEGER NOT NULL DEFAULT 80
    CHECK (attendance_threshold BETWEEN 0 AND 100);

-- sync_records learns the new kind: SQLite cannot change a CHECK in place, so the table
-- is rebuilt (check_attempts, which references it, is set aside and restored).
CREATE TABLE sync_records_new (
    server_seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users(id),
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    device_id     TEXT NOT NULL,
    device_seq    INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('lesson_done', 'check_attempt', 'time_spent', 'attendance_mark')),
    body          TEXT NOT NULL,
    client_at     TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
INSERT INTO sync_records_new SELECT * FROM sync_records;
CREATE TEMP TABLE check_attempts_saved AS SELECT * FROM check_attempts;
DROP TABLE check_attempts;
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

-- Every version of every mark.
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
CREATE INDEX attendance_marks_session ON attendance_marks (session_id, learner_id);
