-- RPL applications (issue 15). A candidate (a learner of the institute) applies for
-- units of a qualification; each unit is assessed against the package version that was
-- published when they applied. The application's stage is folded by
-- `domain::rpl::application` from its steps, each a record made on a device (its id
-- the device's), kept with the outcome it had. The admin assigns assessors (every
-- assignment kept; one ended is history) under the conflict-of-interest rule of
-- `domain::rpl::assignment`, which declared conflicts feed. Every step — who, when,
-- which device — is in the audit trail the institute's admins read.
CREATE TABLE rpl_applications (
    id                 TEXT PRIMARY KEY,
    institute_id       TEXT NOT NULL REFERENCES institutes(id),
    candidate_id       TEXT NOT NULL REFERENCES users(id),
    qualification_id   TEXT NOT NULL REFERENCES qualifications(id),
    stage              TEXT NOT NULL CHECK (stage IN ('submitted', 'evidence', 'assessment', 'decided', 'gap_training', 'appeal', 'closed')),
    workplace          TEXT NOT NULL,
    third_party_name   TEXT NOT NULL,
    third_party_phone  TEXT NOT NULL,
    made_at            TEXT NOT NULL,
    received_at        TEXT NOT NULL
);
CREATE INDEX rpl_applications_candidate ON rpl_applications (candidate_id);
CREATE INDEX rpl_applications_institute ON rpl_applications (institute_id, stage);

CREATE TABLE rpl_application_units (
    application_id  TEXT NOT NULL REFERENCES rpl_applications(id),
    unit_id         TEXT NOT NULL REFERENCES units(id),
    package_id      TEXT NOT NULL REFERENCES rpl_packages(id),
    PRIMARY KEY (application_id, unit_id)
);

CREATE TABLE rpl_steps (
    record_id           TEXT PRIMARY KEY,
    application_id      TEXT NOT NULL REFERENCES rpl_applications(id),
    step                TEXT NOT NULL,
    author_id           TEXT NOT NULL REFERENCES users(id),
    role                TEXT NOT NULL,
    device_id           TEXT,
    made_at             TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    every_unit_decided  BIGINT NOT NULL,
    some_unit_not_yet   BIGINT NOT NULL
);
CREATE INDEX rpl_steps_application ON rpl_steps (application_id);

CREATE TABLE rpl_assignments (
    id              TEXT PRIMARY KEY,
    application_id  TEXT NOT NULL REFERENCES rpl_applications(id),
    assessor_id     TEXT NOT NULL REFERENCES users(id),
    assigned_by     TEXT NOT NULL REFERENCES users(id),
    assigned_at     TEXT NOT NULL,
    ended_at        TEXT
);
CREATE INDEX rpl_assignments_assessor ON rpl_assignments (assessor_id, ended_at);
CREATE INDEX rpl_assignments_application ON rpl_assignments (application_id);

CREATE TABLE rpl_conflicts (
    assessor_id   TEXT NOT NULL REFERENCES users(id),
    candidate_id  TEXT NOT NULL REFERENCES users(id),
    declared_by   TEXT NOT NULL REFERENCES users(id),
    declared_at   TEXT NOT NULL,
    note          TEXT NOT NULL,
    PRIMARY KEY (assessor_id, candidate_id)
);

CREATE TABLE rpl_audit (
    id              TEXT PRIMARY KEY,
    institute_id    TEXT NOT NULL REFERENCES institutes(id),
    application_id  TEXT NOT NULL REFERENCES rpl_applications(id),
    -- 1, 2, … per application: the trail's order (times are to the second).
    seq             BIGINT NOT NULL,
    actor_id        TEXT NOT NULL REFERENCES users(id),
    device_id       TEXT,
    action          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE UNIQUE INDEX rpl_audit_application ON rpl_audit (application_id, seq);
