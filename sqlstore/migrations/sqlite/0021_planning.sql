-- Cadre planning and congress personnel (issue 14; docs/RULES.md §planning, §congress).
-- A pool is a leadership post of a unit planned for a term; its candidates carry their status
-- (proposed, approved, appointment, removed) with the documents and days of each step, and
-- planning_changes keeps every change of a pool as history (who, when, what). Limits are
-- checked in Go (package planning) with the rule version in force, never in SQL.
CREATE TABLE planning_pools (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	term       TEXT NOT NULL,
	title      TEXT NOT NULL,
	level      TEXT NOT NULL,
	rank       INTEGER NOT NULL,
	standards  TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	UNIQUE (unit_id, term, title)
);
CREATE TABLE planning_candidates (
	id              INTEGER PRIMARY KEY,
	pool_id         INTEGER NOT NULL REFERENCES planning_pools (id),
	person_id       INTEGER NOT NULL REFERENCES people (id),
	status          TEXT NOT NULL,
	valid_from      TEXT NOT NULL,
	doc_number      TEXT NOT NULL DEFAULT '',
	doc_date        TEXT NOT NULL DEFAULT '',
	doc_issuer      TEXT NOT NULL DEFAULT '',
	approved_on     TEXT NOT NULL DEFAULT '',
	approval_number TEXT NOT NULL DEFAULT '',
	approval_date   TEXT NOT NULL DEFAULT '',
	approval_issuer TEXT NOT NULL DEFAULT '',
	reviewed_on     TEXT NOT NULL DEFAULT '',
	appointment_on  TEXT NOT NULL DEFAULT '',
	removed_on      TEXT NOT NULL DEFAULT '',
	removal_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX planning_candidates_pool ON planning_candidates (pool_id, status);
CREATE INDEX planning_candidates_person ON planning_candidates (person_id, status);
CREATE TABLE planning_changes (
	id        INTEGER PRIMARY KEY,
	pool_id   INTEGER NOT NULL REFERENCES planning_pools (id),
	person_id INTEGER,
	at        TEXT NOT NULL,
	action    TEXT NOT NULL,
	note      TEXT NOT NULL DEFAULT '',
	actor     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX planning_changes_pool ON planning_changes (pool_id, id);

-- A congress of a party organisation for a term: its level sets the month ages are computed at.
CREATE TABLE congresses (
	id             INTEGER PRIMARY KEY,
	unit_id        INTEGER NOT NULL REFERENCES units (id),
	level          TEXT NOT NULL,
	held_on        TEXT NOT NULL,
	term           TEXT NOT NULL,
	committee_size INTEGER NOT NULL,
	standing_size  INTEGER NOT NULL DEFAULT 0,
	deputies       INTEGER NOT NULL DEFAULT 0,
	plan_women     INTEGER NOT NULL DEFAULT 0,
	plan_young     INTEGER NOT NULL DEFAULT 0,
	plan_ethnic    INTEGER NOT NULL DEFAULT 0,
	plan_reelect   INTEGER NOT NULL DEFAULT 0,
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TEXT NOT NULL
);
CREATE INDEX congresses_unit ON congresses (unit_id, held_on);
CREATE TABLE congress_documents (
	id          INTEGER PRIMARY KEY,
	congress_id INTEGER NOT NULL REFERENCES congresses (id),
	step        TEXT NOT NULL,
	doc_number  TEXT NOT NULL,
	doc_date    TEXT NOT NULL DEFAULT '',
	doc_issuer  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX congress_documents_congress ON congress_documents (congress_id);
-- reasons is the JSON of the computed explanation (canbo.Words), kept as computed when added.
CREATE TABLE congress_candidates (
	id          INTEGER PRIMARY KEY,
	congress_id INTEGER NOT NULL REFERENCES congresses (id),
	person_id   INTEGER NOT NULL REFERENCES people (id),
	kind        TEXT NOT NULL,
	eligible    BOOLEAN NOT NULL,
	reasons     TEXT NOT NULL DEFAULT '[]',
	elected     BOOLEAN NOT NULL DEFAULT FALSE,
	round       INTEGER NOT NULL DEFAULT 0,
	votes       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (congress_id, person_id)
);
CREATE INDEX congress_candidates_person ON congress_candidates (person_id);
CREATE TABLE congress_rounds (
	id          INTEGER PRIMARY KEY,
	congress_id INTEGER NOT NULL REFERENCES congresses (id),
	number      INTEGER NOT NULL,
	ballots     INTEGER NOT NULL,
	UNIQUE (congress_id, number)
);
CREATE TABLE congress_votes (
	round_id  INTEGER NOT NULL REFERENCES congress_rounds (id),
	person_id INTEGER NOT NULL REFERENCES people (id),
	votes     INTEGER NOT NULL,
	elected   BOOLEAN NOT NULL,
	PRIMARY KEY (round_id, person_id)
);
