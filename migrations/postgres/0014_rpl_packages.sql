-- RPL assessment packages (issue 15): one per unit and institute, in versions. A version
-- is a draft (its authors save it as often as they like; `revision` counts the saves,
-- so a save made from an older copy of the page is refused rather than overwriting
-- someone else's) or published (immutable: the store refuses every change, and a
-- change is a new version). The content is the JSON of `domain::rpl::package::Package`,
-- checked by the domain before it is written; tasks and questions are referred to by
-- their position in a published version.
CREATE TABLE rpl_packages (
    id            TEXT PRIMARY KEY,
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    unit_id       TEXT NOT NULL REFERENCES units(id),
    version       BIGINT NOT NULL CHECK (version >= 1),
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    content       TEXT NOT NULL,
    revision      BIGINT NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL REFERENCES users(id),
    created_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL REFERENCES users(id),
    updated_at    TEXT NOT NULL,
    published_at  TEXT,
    UNIQUE (institute_id, unit_id, version)
);
-- At most one draft of a unit at a time.
CREATE UNIQUE INDEX rpl_packages_one_draft ON rpl_packages (institute_id, unit_id) WHERE status = 'draft';
