-- Lesson authoring (issue 13): what an author typed and has not saved yet (one draft
-- per author and activity, so a failed save or a preview never loses it), and the
-- images uploaded to lessons, already resized and re-compressed, with their
-- descriptions in both languages. Images are served at /media/lesson/{id}.jpg to the
-- institute's signed-in people; the id is random.
CREATE TABLE lesson_drafts (
    user_id      TEXT NOT NULL REFERENCES users(id),
    activity_id  TEXT NOT NULL REFERENCES learning_activities(id),
    title_km     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    body_km      TEXT NOT NULL,
    body_en      TEXT NOT NULL,
    saved_at     TEXT NOT NULL,
    PRIMARY KEY (user_id, activity_id)
);

CREATE TABLE lesson_images (
    id              TEXT PRIMARY KEY,
    institute_id    TEXT NOT NULL REFERENCES institutes(id),
    activity_id     TEXT NOT NULL REFERENCES learning_activities(id),
    content_type    TEXT NOT NULL,
    width           BIGINT NOT NULL CHECK (width > 0),
    height          BIGINT NOT NULL CHECK (height > 0),
    bytes           BYTEA NOT NULL,
    original_bytes  BIGINT NOT NULL,
    alt_km          TEXT NOT NULL,
    alt_en          TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX lesson_images_activity ON lesson_images (activity_id);
