-- National administration (issue 14): a `national` role, whose people create institutes
-- and their first admins, and the national office they belong to (`institutes.national`:
-- it holds no classes and is not one of the institutes they see).
--
-- SQLite cannot alter a CHECK constraint, and rebuilding `users` would need foreign keys
-- off, which a migration (always one transaction under sqlx) cannot turn off. Loosening a
-- CHECK does not change how rows are stored, so this is SQLite's own procedure for it
-- (https://www.sqlite.org/lang_altertable.html, "otheralter"): the table's SQL rewritten
-- in the schema, then a schema change (the table created and dropped below) that moves
-- the schema cookie on, so that every other connection reloads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql,
    'CHECK (role IN (''learner'', ''trainer'', ''assessor'', ''curriculum'', ''admin''))',
    'CHECK (role IN (''learner'', ''trainer'', ''assessor'', ''curriculum'', ''admin'', ''national''))')
WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = OFF;
-- Had the text not matched, the migration stops here rather than pass having done nothing.
CREATE TEMP TABLE national_rewritten (ok INTEGER CHECK (ok = 1));
INSERT INTO national_rewritten
    SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'users' AND sql LIKE '%''admin'', ''national''))%';
DROP TABLE national_rewritten;
CREATE TABLE national_schema_bump (x INTEGER);
DROP TABLE national_schema_bump;

ALTER TABLE institutes ADD COLUMN national INTEGER NOT NULL DEFAULT 0;
