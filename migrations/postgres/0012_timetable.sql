-- Timetable (issue 14): an admin cancels one session. The row stays — a roll call a
-- trainer marked offline before hearing of it is kept and shown for a decision — and
-- every list of sessions to come leaves it out. Moving a session changes its times.
ALTER TABLE class_sessions ADD COLUMN cancelled_at TEXT;
ALTER TABLE class_sessions ADD COLUMN changed_at TEXT;
