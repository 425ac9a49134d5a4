-- The parts of the personal record beyond 0004: a portrait photo (re-encoded JPEG, kept apart
-- from people so that lists never read it), and links from the typed birthplace and home town to
-- the territory units they name.
CREATE TABLE person_photos (
	person_id  INTEGER PRIMARY KEY REFERENCES people (id),
	jpeg       BLOB NOT NULL,
	width      INTEGER NOT NULL,
	height     INTEGER NOT NULL,
	updated_at TEXT NOT NULL
);

ALTER TABLE people ADD COLUMN birth_place_unit_id INTEGER REFERENCES units (id);
ALTER TABLE people ADD COLUMN home_town_unit_id INTEGER REFERENCES units (id);
