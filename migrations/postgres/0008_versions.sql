-- Programme versions (issue 13): "new version" copies a published programme into a
-- draft with new row ids. A copied module, activity or lesson remembers the row it
-- continues (the first version's id; NULL on the first version itself), so a diff
-- pairs activities across versions and learners keep their progress on what continues.
ALTER TABLE modules ADD COLUMN lineage_id TEXT;
ALTER TABLE learning_activities ADD COLUMN lineage_id TEXT;
ALTER TABLE lessons ADD COLUMN lineage_id TEXT;
