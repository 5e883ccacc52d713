-- Competency standards as TVET units carry them (issue 13): the texts of a unit beyond
-- its descriptor, in Khmer and English; its CQF level; which institute imported a
-- standard (NULL: one every institute sees, such as the demo's); and each import, with
-- the problems that refused it, for the person who tried it.
ALTER TABLE units ADD COLUMN range_statement_km TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN range_statement_en TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN knowledge_km TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN knowledge_en TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN skills_km TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN skills_en TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN critical_aspects_km TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN critical_aspects_en TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN evidence_context_km TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN evidence_context_en TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN assessment_methods_km TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN assessment_methods_en TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN cqf_level INTEGER;
ALTER TABLE qualifications ADD COLUMN institute_id TEXT REFERENCES institutes(id);

CREATE TABLE standard_imports (
    id               TEXT PRIMARY KEY,
    institute_id     TEXT NOT NULL REFERENCES institutes(id),
    user_id          TEXT NOT NULL REFERENCES users(id),
    imported_at      TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    format           TEXT NOT NULL,
    -- The standard it saved; NULL when it was refused.
    qualification_id TEXT REFERENCES qualifications(id),
    -- JSON: the problems that refused it (domain::standard::Problem), or [].
    problems         TEXT NOT NULL
);
CREATE INDEX standard_imports_user ON standard_imports (user_id, imported_at);
