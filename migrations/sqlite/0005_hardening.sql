-- Hardening: sign-in limits that several server processes share, trusted devices,
-- sessions that expire when idle and can be listed and ended, and what self check-in
-- needs to make guessing useless.

-- Attempts per counter (username, address, trusted device) in the current window,
-- reserved before a password is checked (domain::sign_in).
CREATE TABLE sign_in_attempts (
    key           TEXT PRIMARY KEY,
    window_start  INTEGER NOT NULL,
    attempts      INTEGER NOT NULL CHECK (attempts >= 0)
);

-- Devices a person has signed in on: the `sala_device` cookie (only its SHA-256 is kept).
CREATE TABLE trusted_devices (
    token_hash    TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);

-- Sessions: when each was last used (idle expiry), and which device it is on.
ALTER TABLE auth_sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
ALTER TABLE auth_sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
UPDATE auth_sessions SET last_seen_at = created_at;

-- Check-ins: those whose device clock ran backwards against the device's own counter
-- are flagged for the trainer; and when the server received each (codes are judged by
-- it, never only by the phone's clock).
ALTER TABLE check_ins ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1));
CREATE INDEX check_in_refusals_learner ON check_in_refusals (session_id, learner_id);

-- Records per user per day are bounded: counted by the day they arrived.
CREATE INDEX sync_records_user_received ON sync_records (user_id, received_at);
