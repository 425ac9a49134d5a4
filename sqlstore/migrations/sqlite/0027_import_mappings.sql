-- Issue 18: saved column mappings of the people import (profiles). A profile belongs to the
-- user who saved it (a name is unique per user); signature is the hash of the file's headers
-- that lets the next upload of the same form find it.
CREATE TABLE import_mappings (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users (id),
	name      TEXT NOT NULL,
	signature TEXT NOT NULL,
	columns   TEXT NOT NULL, -- JSON: [{"header": "Họ và tên", "field": "full_name"}, …]
	saved_at  TEXT NOT NULL,
	UNIQUE (user_id, name)
);
CREATE INDEX import_mappings_signature ON import_mappings (user_id, signature);
