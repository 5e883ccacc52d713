-- People (issue 14): an admin adds, edits and deactivates the institute's people. A
-- deactivated person keeps every record (attendance, progress) but cannot sign in, and
-- their sessions end when they are deactivated. A person signs in the first time — or
-- after losing their password — with a printed sign-in slip: a one-time code (only its
-- SHA-256 is kept) that lets them set their own password, once, before it expires. An
-- admin never sees or sets a password.
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN deactivated_at TEXT;

CREATE TABLE sign_in_slips (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    issued_by   TEXT NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX sign_in_slips_user ON sign_in_slips (user_id);

-- Learners imported from a spreadsheet: every attempt, with what it added (the ids, for
-- printing their slips), how many were already here, or its problems. Only the admin
-- who tried reads it back.
CREATE TABLE people_imports (
    id            TEXT PRIMARY KEY,
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    admin_id      TEXT NOT NULL REFERENCES users(id),
    file_name     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    added         TEXT NOT NULL,
    already       BIGINT NOT NULL,
    problems      TEXT NOT NULL
);
