-- The blend targets an institute's admin sets (issue 13), in whole percent of a
-- programme's minutes; NULL is no target. "Online" is online live plus self-paced.
CREATE TABLE blend_targets (
    institute_id      TEXT PRIMARY KEY REFERENCES institutes(id),
    online_min        BIGINT CHECK (online_min BETWEEN 0 AND 100),
    workplace_min     BIGINT CHECK (workplace_min BETWEEN 0 AND 100),
    face_to_face_max  BIGINT CHECK (face_to_face_max BETWEEN 0 AND 100)
);
