-- Annual work programmes: one per owner body and year; items with one accountable head, a
-- presiding unit and coordinating units, a dated status history (on_day, and new_due for a
-- postponement), progress notes and evidence files (bytes kept here, with their SHA-256, so
-- that a backup of the database is a backup of the evidence). Dates are ISO text.
CREATE TABLE programmes (
	id            INTEGER PRIMARY KEY,
	owner_unit_id INTEGER NOT NULL REFERENCES units (id),
	year          INTEGER NOT NULL,
	title         TEXT NOT NULL,
	theme         TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL
);
CREATE INDEX programmes_owner ON programmes (owner_unit_id, year);
CREATE INDEX programmes_year ON programmes (year);

CREATE TABLE programme_items (
	id                INTEGER PRIMARY KEY,
	programme_id      INTEGER NOT NULL REFERENCES programmes (id),
	parent_item_id    INTEGER REFERENCES programme_items (id),
	title             TEXT NOT NULL,
	kind              TEXT NOT NULL,
	arising           BOOLEAN NOT NULL DEFAULT FALSE,
	due               TEXT NOT NULL,
	created_on        TEXT NOT NULL,
	head_person_id    INTEGER NOT NULL REFERENCES people (id),
	presiding_unit_id INTEGER NOT NULL REFERENCES units (id),
	product           TEXT NOT NULL DEFAULT '',
	created_at        TEXT NOT NULL
);
CREATE INDEX programme_items_programme ON programme_items (programme_id, due);
CREATE INDEX programme_items_parent ON programme_items (parent_item_id);
CREATE INDEX programme_items_head ON programme_items (head_person_id);
CREATE INDEX programme_items_presiding ON programme_items (presiding_unit_id);

CREATE TABLE programme_item_units (
	item_id INTEGER NOT NULL REFERENCES programme_items (id),
	unit_id INTEGER NOT NULL REFERENCES units (id),
	PRIMARY KEY (item_id, unit_id)
);

CREATE TABLE programme_item_statuses (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES programme_items (id),
	status     TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted', 'done', 'postponed', 'cancelled')),
	on_day     TEXT NOT NULL,
	new_due    TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX programme_item_statuses_item ON programme_item_statuses (item_id, on_day);

CREATE TABLE programme_item_notes (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES programme_items (id),
	on_day     TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX programme_item_notes_item ON programme_item_notes (item_id);

CREATE TABLE programme_item_files (
	id           INTEGER PRIMARY KEY,
	item_id      INTEGER NOT NULL REFERENCES programme_items (id),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	data         BLOB NOT NULL,
	uploaded_by  TEXT NOT NULL DEFAULT '',
	uploaded_at  TEXT NOT NULL
);
CREATE INDEX programme_item_files_item ON programme_item_files (item_id);

-- The personal record of an account's holder, so that a head signed in sees "việc của tôi".
CREATE TABLE user_people (
	user_id   INTEGER PRIMARY KEY REFERENCES users (id),
	person_id INTEGER NOT NULL REFERENCES people (id)
);
CREATE INDEX user_people_person ON user_people (person_id);
