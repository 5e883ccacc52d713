-- Classes (issue 14): an admin withdraws a learner from a class. The enrolment ends (so
-- every roster and sync rule that reads enrolments stops counting them) and its dates
-- are kept here; their attendance marks and progress stay where they are.
CREATE TABLE class_withdrawals (
    class_id      TEXT NOT NULL REFERENCES classes(id),
    learner_id    TEXT NOT NULL REFERENCES users(id),
    enrolled_at   TEXT NOT NULL,
    withdrawn_at  TEXT NOT NULL,
    withdrawn_by  TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX class_withdrawals_class ON class_withdrawals (class_id);
