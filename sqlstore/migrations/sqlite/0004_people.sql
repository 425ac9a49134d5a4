-- Personal records (Mẫu 2C), their service timeline and party membership. Dates are ISO text;
-- birth_date may be partial ("1965", "1965-09"); birth_first is its first possible day, for ages.
CREATE TABLE people (
	id               INTEGER PRIMARY KEY,
	family_name      TEXT NOT NULL,
	middle_name      TEXT NOT NULL DEFAULT '',
	given_name       TEXT NOT NULL,
	full_name        TEXT NOT NULL,
	sort_key         BLOB NOT NULL,
	other_names      TEXT NOT NULL DEFAULT '',
	sex              TEXT NOT NULL CHECK (sex IN ('male', 'female')),
	birth_date       TEXT NOT NULL DEFAULT '',
	birth_first      TEXT NOT NULL DEFAULT '',
	birth_place      TEXT NOT NULL DEFAULT '',
	home_town        TEXT NOT NULL DEFAULT '',
	residence        TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL DEFAULT '',
	staff_type       TEXT NOT NULL DEFAULT 'none',
	staff_code       TEXT NOT NULL DEFAULT '',
	identity_number  TEXT UNIQUE,
	ethnicity        TEXT NOT NULL DEFAULT '',
	religion         TEXT NOT NULL DEFAULT '',
	health           TEXT NOT NULL DEFAULT '',
	edu_general      TEXT NOT NULL DEFAULT '',
	edu_professional TEXT NOT NULL DEFAULT '',
	edu_field        TEXT NOT NULL DEFAULT '',
	edu_political    TEXT NOT NULL DEFAULT '',
	edu_state        TEXT NOT NULL DEFAULT '',
	edu_languages    TEXT NOT NULL DEFAULT '',
	edu_it           TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	updated_at       TEXT NOT NULL
);
CREATE INDEX people_sort ON people (sort_key, id);
CREATE INDEX people_staff_code ON people (staff_code) WHERE staff_code <> '';

-- Folded words of the name, the staff code and the identity number, for prefix search.
-- kind is 'name', 'code' or 'identity' (identity matches only for callers granted identity).
CREATE TABLE person_words (
	word      TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES people (id),
	kind      TEXT NOT NULL,
	PRIMARY KEY (word, person_id, kind)
);
CREATE INDEX person_words_person ON person_words (person_id);

CREATE TABLE posts (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	title      TEXT NOT NULL,
	is_primary BOOLEAN NOT NULL DEFAULT TRUE,
	valid_from TEXT NOT NULL,
	valid_to   TEXT NOT NULL,
	doc_number TEXT NOT NULL DEFAULT '',
	doc_date   TEXT NOT NULL DEFAULT '',
	doc_issuer TEXT NOT NULL DEFAULT '',
	CHECK (valid_from < valid_to)
);
CREATE INDEX posts_unit ON posts (unit_id, valid_from, valid_to);
CREATE INDEX posts_person ON posts (person_id);

CREATE TABLE party_members (
	person_id   INTEGER PRIMARY KEY REFERENCES people (id),
	admitted_on TEXT NOT NULL,
	full_on     TEXT NOT NULL DEFAULT '',
	card_number TEXT NOT NULL DEFAULT '',
	ended_on    TEXT NOT NULL DEFAULT '',
	end_reason  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE party_cells (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	cell_id    INTEGER NOT NULL REFERENCES units (id),
	valid_from TEXT NOT NULL,
	valid_to   TEXT NOT NULL,
	temporary  BOOLEAN NOT NULL DEFAULT FALSE,
	CHECK (valid_from < valid_to)
);
CREATE INDEX party_cells_cell ON party_cells (cell_id, valid_from, valid_to);
CREATE INDEX party_cells_person ON party_cells (person_id);

CREATE TABLE person_entries (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	kind       TEXT NOT NULL,
	date_from  TEXT NOT NULL DEFAULT '',
	date_to    TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	details    TEXT NOT NULL DEFAULT '{}',
	doc_number TEXT NOT NULL DEFAULT '',
	doc_date   TEXT NOT NULL DEFAULT '',
	doc_issuer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_entries_person ON person_entries (person_id, kind);
