-- Attendance (PostgreSQL; kept in step with migrations/sqlite/0003). Marks are sync
-- records (kind 'attendance_mark'), every version kept; which version counts, and which
-- learners need a trainer's decision, is derived by domain::attendance.

CREATE TABLE attendance_statuses (
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    code          TEXT NOT NULL,
    position      BIGINT NOT NULL,
    label_km      TEXT NOT NULL,
    label_en      TEXT NOT NULL,
    points        BIGINT NOT NULL CHECK (points BETWEEN 0 AND 100),
    counts        BIGINT NOT NULL CHECK (counts IN (0, 1)),
    late          BIGINT NOT NULL CHECK (late IN (0, 1)),
    PRIMARY KEY (institute_id, code)
);

ALTER TABLE institutes ADD COLUMN attendance_threshold BIGINT NOT NULL DEFAULT 80
    CHECK (attendance_threshold BETWEEN 0 AND 100);

-- sync_records learns the new kind (PostgreSQL changes a CHECK in place).
ALTER TABLE sync_records DROP CONSTRAINT sync_records_kind_check;
ALTER TABLE sync_records ADD CONSTRAINT sync_records_kind_check
    CHECK (kind IN ('lesson_done', 'check_attempt', 'time_spent', 'attendance_mark'));

CREATE TABLE attendance_marks (
    record_id     TEXT PRIMARY KEY REFERENCES sync_records(id),
    session_id    TEXT NOT NULL REFERENCES class_sessions(id),
    learner_id    TEXT NOT NULL REFERENCES users(id),
    author_id     TEXT NOT NULL REFERENCES users(id),
    status        TEXT NOT NULL,
    minutes_late  BIGINT NOT NULL DEFAULT 0 CHECK (minutes_late >= 0),
    note          TEXT NOT NULL DEFAULT '',
    marked_at     TEXT NOT NULL,
    -- JSON array of the record ids this version replaces.
    replaces      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX attendance_marks_session ON attendance_marks (session_id, learner_id);
