-- Staffing quotas (biên chế), job positions (vị trí việc làm) and streamlining targets
-- (issue 13). All are effective-dated like unit versions, [valid_from, valid_to) ISO days with
-- 9999-12-31 for "open": a later quota of a unit and staff type closes the one in force.
-- event_id names the restructuring event that opened a row (a merge adding its sources'
-- quotas into the target, a position moved to it).
CREATE TABLE quotas (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	staff_type TEXT NOT NULL,
	allotted   INTEGER NOT NULL CHECK (allotted >= 0),
	valid_from TEXT NOT NULL,
	valid_to   TEXT NOT NULL,
	doc_number TEXT NOT NULL DEFAULT '',
	doc_date   TEXT NOT NULL DEFAULT '',
	doc_issuer TEXT NOT NULL DEFAULT '',
	event_id   INTEGER REFERENCES events (id),
	CHECK (valid_from < valid_to)
);
CREATE INDEX quotas_unit ON quotas (unit_id, staff_type, valid_from);

CREATE TABLE positions (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units (id),
	name        TEXT NOT NULL,
	category    TEXT NOT NULL,
	grade       TEXT NOT NULL DEFAULT '',
	staff_type  TEXT NOT NULL,
	headcount   INTEGER NOT NULL CHECK (headcount >= 0),
	description TEXT NOT NULL DEFAULT '',
	competency  TEXT NOT NULL DEFAULT '',
	valid_from  TEXT NOT NULL,
	valid_to    TEXT NOT NULL,
	doc_number  TEXT NOT NULL DEFAULT '',
	doc_date    TEXT NOT NULL DEFAULT '',
	doc_issuer  TEXT NOT NULL DEFAULT '',
	event_id    INTEGER REFERENCES events (id),
	CHECK (valid_from < valid_to)
);
CREATE INDEX positions_unit ON positions (unit_id, valid_from, valid_to);

-- A post may name the job position it fills; the store checks the position is of the post's
-- unit and covers the post's dates.
ALTER TABLE posts ADD COLUMN position_id INTEGER REFERENCES positions (id);
CREATE INDEX posts_position ON posts (position_id) WHERE position_id IS NOT NULL;
-- The roll-up reads the primary posts of a subtree's units on a day from this index alone
-- (docs/BENCHMARKS.md, staffing).
CREATE INDEX posts_staffing ON posts (unit_id, is_primary, valid_from, valid_to, person_id, position_id);
-- A big subtree's roll-up reads every person's staff type from this index in one pass rather
-- than the wide people rows one by one.
CREATE INDEX people_staff_type ON people (staff_type, id);

-- Streamlining targets (tinh giản biên chế): a percentage of a unit subtree's quota in force on
-- a base day (staff_type '' for all types) to cut by a due day.
CREATE TABLE staffing_targets (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	staff_type TEXT NOT NULL DEFAULT '',
	percent    DOUBLE PRECISION NOT NULL CHECK (percent > 0 AND percent <= 100),
	base_date  TEXT NOT NULL,
	due        TEXT NOT NULL,
	doc_number TEXT NOT NULL DEFAULT '',
	doc_date   TEXT NOT NULL DEFAULT '',
	doc_issuer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staffing_targets_unit ON staffing_targets (unit_id);
