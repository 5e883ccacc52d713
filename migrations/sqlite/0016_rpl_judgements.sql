-- RPL judgements and decisions (issue 15). An assessor's findings on one unit of an
-- application — a task of the observation checklist for one criterion, a question, the
-- third-party report — and the unit's decision, each a version written once and never
-- changed: `body` is the JSON of `domain::rpl::judgement::Judgement` or `Decision`
-- (whose `replaces` names the versions the assessor saw). A correction is a new
-- version; two heads that disagree are a conflict shown for a decision. Only the
-- keys are columns.
CREATE TABLE rpl_judgements (
    record_id       TEXT PRIMARY KEY,
    application_id  TEXT NOT NULL REFERENCES rpl_applications(id),
    unit_id         TEXT NOT NULL REFERENCES units(id),
    assessor_id     TEXT NOT NULL REFERENCES users(id),
    device_id       TEXT,
    body            TEXT NOT NULL,
    received_at     TEXT NOT NULL
);
CREATE INDEX rpl_judgements_unit ON rpl_judgements (application_id, unit_id);

CREATE TABLE rpl_decisions (
    record_id       TEXT PRIMARY KEY,
    application_id  TEXT NOT NULL REFERENCES rpl_applications(id),
    unit_id         TEXT NOT NULL REFERENCES units(id),
    assessor_id     TEXT NOT NULL REFERENCES users(id),
    device_id       TEXT,
    outcome         TEXT NOT NULL CHECK (outcome IN ('competent', 'not_yet_competent')),
    body            TEXT NOT NULL,
    received_at     TEXT NOT NULL
);
CREATE INDEX rpl_decisions_unit ON rpl_decisions (application_id, unit_id);
