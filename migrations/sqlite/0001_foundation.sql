-- Sala foundation schema. Portable SQL (SQLite now, PostgreSQL later): TEXT ids holding
-- UUIDs, timestamps as UTC ISO-8601 text ('YYYY-MM-DDTHH:MM:SSZ'), CHECK constraints for
-- enumerations. Every table that users can reach carries, or joins to, an institute_id.

CREATE TABLE institutes (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_km     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    institute_id    TEXT NOT NULL REFERENCES institutes(id),
    username        TEXT NOT NULL UNIQUE,
    display_name_km TEXT NOT NULL,
    display_name_en TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('learner', 'trainer', 'assessor', 'curriculum', 'admin')),
    -- NULL: the person cannot sign in (yet). argon2id PHC string otherwise.
    password_hash   TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX users_institute ON users (institute_id, role);

-- Server-side sign-in sessions. Only a SHA-256 of the cookie token is stored.
CREATE TABLE auth_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

-- Competency standards ------------------------------------------------------------------

CREATE TABLE qualifications (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    title_km      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    cqf_level     INTEGER NOT NULL CHECK (cqf_level BETWEEN 1 AND 8),
    sector_km     TEXT NOT NULL,
    sector_en     TEXT NOT NULL,
    nominal_hours INTEGER NOT NULL CHECK (nominal_hours >= 0)
);

CREATE TABLE units (
    id                TEXT PRIMARY KEY,
    qualification_id  TEXT NOT NULL REFERENCES qualifications(id),
    position          INTEGER NOT NULL,
    code              TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('core', 'common', 'elective')),
    title_km          TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    descriptor_km     TEXT NOT NULL,
    descriptor_en     TEXT NOT NULL,
    hours_theory      INTEGER NOT NULL CHECK (hours_theory >= 0),
    hours_practical   INTEGER NOT NULL CHECK (hours_practical >= 0),
    UNIQUE (qualification_id, code)
);

CREATE TABLE elements (
    id        TEXT PRIMARY KEY,
    unit_id   TEXT NOT NULL REFERENCES units(id),
    number    INTEGER NOT NULL,
    title_km  TEXT NOT NULL,
    title_en  TEXT NOT NULL,
    UNIQUE (unit_id, number)
);

CREATE TABLE performance_criteria (
    id          TEXT PRIMARY KEY,
    element_id  TEXT NOT NULL REFERENCES elements(id),
    number      INTEGER NOT NULL,
    text_km     TEXT NOT NULL,
    text_en     TEXT NOT NULL,
    UNIQUE (element_id, number)
);

-- Blended curriculum --------------------------------------------------------------------

CREATE TABLE programmes (
    id                TEXT PRIMARY KEY,
    institute_id      TEXT NOT NULL REFERENCES institutes(id),
    qualification_id  TEXT NOT NULL REFERENCES qualifications(id),
    version           INTEGER NOT NULL CHECK (version >= 1),
    title_km          TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at      TEXT,
    UNIQUE (institute_id, qualification_id, version)
);

CREATE TABLE modules (
    id            TEXT PRIMARY KEY,
    programme_id  TEXT NOT NULL REFERENCES programmes(id),
    unit_id       TEXT REFERENCES units(id),
    position      INTEGER NOT NULL,
    title_km      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    UNIQUE (programme_id, position)
);

CREATE TABLE learning_activities (
    id                TEXT PRIMARY KEY,
    module_id         TEXT NOT NULL REFERENCES modules(id),
    position          INTEGER NOT NULL,
    title_km          TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes > 0),
    delivery_mode     TEXT NOT NULL CHECK (delivery_mode IN ('face_to_face', 'online_live', 'online_self_paced', 'workplace')),
    UNIQUE (module_id, position)
);

CREATE TABLE activity_criteria (
    activity_id   TEXT NOT NULL REFERENCES learning_activities(id),
    criterion_id  TEXT NOT NULL REFERENCES performance_criteria(id),
    PRIMARY KEY (activity_id, criterion_id)
);

-- Lesson text is Markdown, in either or both languages.
CREATE TABLE lessons (
    id           TEXT PRIMARY KEY,
    activity_id  TEXT NOT NULL UNIQUE REFERENCES learning_activities(id),
    title_km     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    body_km      TEXT NOT NULL,
    body_en      TEXT NOT NULL
);

-- Knowledge-check items. options_* and answer are JSON arrays:
-- multiple_choice: answer = [index]; true_false: answer = [0 or 1] (0 = true);
-- ordering: options in the correct order, shuffled on the device.
CREATE TABLE check_items (
    id          TEXT PRIMARY KEY,
    lesson_id   TEXT NOT NULL REFERENCES lessons(id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('multiple_choice', 'true_false', 'ordering')),
    prompt_km   TEXT NOT NULL,
    prompt_en   TEXT NOT NULL,
    options_km  TEXT NOT NULL,
    options_en  TEXT NOT NULL,
    answer      TEXT NOT NULL,
    UNIQUE (lesson_id, position)
);

-- Delivery ------------------------------------------------------------------------------

CREATE TABLE classes (
    id            TEXT PRIMARY KEY,
    institute_id  TEXT NOT NULL REFERENCES institutes(id),
    programme_id  TEXT NOT NULL REFERENCES programmes(id),
    code          TEXT NOT NULL,
    name_km       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    starts_on     TEXT NOT NULL,
    UNIQUE (institute_id, code)
);

CREATE TABLE class_trainers (
    class_id  TEXT NOT NULL REFERENCES classes(id),
    user_id   TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (class_id, user_id)
);

CREATE TABLE enrolments (
    class_id     TEXT NOT NULL REFERENCES classes(id),
    learner_id   TEXT NOT NULL REFERENCES users(id),
    enrolled_at  TEXT NOT NULL,
    PRIMARY KEY (class_id, learner_id)
);
CREATE INDEX enrolments_learner ON enrolments (learner_id);

CREATE TABLE class_sessions (
    id           TEXT PRIMARY KEY,
    class_id     TEXT NOT NULL REFERENCES classes(id),
    activity_id  TEXT REFERENCES learning_activities(id),
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    place_km     TEXT NOT NULL,
    place_en     TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX class_sessions_class_time ON class_sessions (class_id, starts_at);
