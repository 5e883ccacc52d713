-- National administration (issue 14): a `national` role, whose people create institutes
-- and their first admins, and the national office they belong to (`institutes.national`:
-- it holds no classes and is not one of the institutes they see).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('learner', 'trainer', 'assessor', 'curriculum', 'admin', 'national'));

ALTER TABLE institutes ADD COLUMN national INTEGER NOT NULL DEFAULT 0;
