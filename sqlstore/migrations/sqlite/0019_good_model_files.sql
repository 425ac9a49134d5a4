-- Issue 16: the document bundle of a good model (reports, decisions, photos), shared with the
-- Propaganda Commission when the model is published. Files are kept in the database like a
-- programme item's evidence, so a backup or a move to PostgreSQL carries them.
CREATE TABLE good_model_files (
	id           INTEGER PRIMARY KEY,
	model_id     INTEGER NOT NULL REFERENCES good_models (id),
	kind         TEXT NOT NULL, -- 'document' or 'photo'
	name         TEXT NOT NULL,
	caption      TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	data         BLOB NOT NULL,
	uploaded_by  TEXT NOT NULL DEFAULT '',
	uploaded_at  TEXT NOT NULL
);
CREATE INDEX good_model_files_model ON good_model_files (model_id);
