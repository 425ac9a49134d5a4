-- Organization trees with effective-dated versions and restructuring events; accounts.
-- Dates are ISO text ('YYYY-MM-DD'); the open end of a range is '9999-12-31'.
CREATE TABLE unit_kinds (
	code      TEXT PRIMARY KEY,
	hierarchy TEXT NOT NULL CHECK (hierarchy IN ('party', 'state', 'territory')),
	tier      TEXT NOT NULL DEFAULT '',
	name      TEXT NOT NULL,
	name_en   TEXT NOT NULL,
	sort      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE units (
	id         INTEGER PRIMARY KEY,
	hierarchy  TEXT NOT NULL CHECK (hierarchy IN ('party', 'state', 'territory')),
	created_at TEXT NOT NULL
);

CREATE TABLE events (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	effective  TEXT NOT NULL,
	doc_number TEXT NOT NULL DEFAULT '',
	doc_date   TEXT NOT NULL DEFAULT '',
	doc_issuer TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	created_by INTEGER
);
CREATE INDEX events_effective ON events (effective);

CREATE TABLE event_links (
	event_id INTEGER NOT NULL REFERENCES events (id),
	unit_id  INTEGER NOT NULL REFERENCES units (id),
	role     TEXT NOT NULL,
	partial  BOOLEAN NOT NULL DEFAULT FALSE,
	ended    BOOLEAN NOT NULL DEFAULT FALSE,
	PRIMARY KEY (event_id, unit_id, role)
);
CREATE INDEX event_links_unit ON event_links (unit_id);

CREATE TABLE unit_versions (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	valid_from TEXT NOT NULL,
	valid_to   TEXT NOT NULL,
	name       TEXT NOT NULL,
	name_fold  TEXT NOT NULL,
	sort_key   BLOB NOT NULL,
	code       TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL REFERENCES unit_kinds (code),
	parent_id  INTEGER REFERENCES units (id),
	event_id   INTEGER REFERENCES events (id),
	CHECK (valid_from < valid_to)
);
CREATE INDEX unit_versions_unit ON unit_versions (unit_id, valid_from);
CREATE INDEX unit_versions_parent ON unit_versions (parent_id, valid_from, valid_to);
CREATE INDEX unit_versions_code ON unit_versions (code);
CREATE INDEX unit_versions_kind ON unit_versions (kind, valid_from);

-- Cross-links between units of different trees: this party committee belongs to that ward.
CREATE TABLE unit_links (
	id         INTEGER PRIMARY KEY,
	from_unit  INTEGER NOT NULL REFERENCES units (id),
	to_unit    INTEGER NOT NULL REFERENCES units (id),
	relation   TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT NOT NULL,
	CHECK (valid_from < valid_to)
);
CREATE INDEX unit_links_from ON unit_links (from_unit);
CREATE INDEX unit_links_to ON unit_links (to_unit);

-- Imports that ran, so that running one twice changes nothing.
CREATE TABLE imports (
	name       TEXT PRIMARY KEY,
	applied_at TEXT NOT NULL,
	summary    TEXT NOT NULL
);

CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	username       TEXT NOT NULL UNIQUE,
	password_hash  TEXT NOT NULL,
	role           TEXT NOT NULL,
	disabled       BOOLEAN NOT NULL DEFAULT FALSE,
	totp_secret    TEXT NOT NULL DEFAULT '',
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	created_at     TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE user_scopes (
	user_id INTEGER NOT NULL REFERENCES users (id),
	unit_id INTEGER NOT NULL REFERENCES units (id),
	PRIMARY KEY (user_id, unit_id)
);

-- Classes of sensitive fields a user may see (identity, family, discipline, evaluation, health…).
CREATE TABLE user_grants (
	user_id INTEGER NOT NULL REFERENCES users (id),
	class   TEXT NOT NULL,
	PRIMARY KEY (user_id, class)
);

-- Server-side sessions, stored by the hash of the cookie's token. stage is 'password' between
-- the password and the second factor, 'full' after.
CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	stage      TEXT NOT NULL DEFAULT 'full',
	-- The TOTP secret shown to an administrator enrolling a second factor, kept here so that
	-- the secret confirmed is the one the server generated, not one the client posts.
	totp_pending TEXT NOT NULL DEFAULT '',
	client     TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	last_seen  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	name       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
