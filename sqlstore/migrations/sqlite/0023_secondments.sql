-- Secondments (biệt phái) as records of their own (issue 17; docs/RULES.md §secondment).
-- A secondment sends a person from a unit to a host over [date_from, date_to] (date_to is the
-- decided last day); ended_on is the actual last day once recorded, and last_day is whichever
-- applies, the one column every "as of" list and the reminders read. The person keeps the
-- primary post at the sending unit, so staffing counts them there. A cohort is the people one
-- decision seconds to one host together. Notes are the host's tasks and assessments.
CREATE TABLE secondment_cohorts (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL DEFAULT '',
	to_unit_id INTEGER NOT NULL REFERENCES units (id),
	created_at TEXT NOT NULL
);
CREATE TABLE secondments (
	id               INTEGER PRIMARY KEY,
	cohort_id        INTEGER REFERENCES secondment_cohorts (id),
	person_id        INTEGER NOT NULL REFERENCES people (id),
	from_unit_id     INTEGER REFERENCES units (id),
	to_unit_id       INTEGER REFERENCES units (id),
	host_name        TEXT NOT NULL DEFAULT '',
	purpose          TEXT NOT NULL,
	date_from        TEXT NOT NULL,
	date_to          TEXT NOT NULL,
	last_day         TEXT NOT NULL,
	doc_number       TEXT NOT NULL DEFAULT '',
	doc_date         TEXT NOT NULL DEFAULT '',
	doc_issuer       TEXT NOT NULL DEFAULT '',
	exception        BOOLEAN NOT NULL DEFAULT FALSE,
	exception_number TEXT NOT NULL DEFAULT '',
	exception_date   TEXT NOT NULL DEFAULT '',
	exception_issuer TEXT NOT NULL DEFAULT '',
	mentor_id        INTEGER REFERENCES people (id),
	ended_on         TEXT NOT NULL DEFAULT '',
	placement        TEXT NOT NULL DEFAULT '',
	outcome          TEXT NOT NULL DEFAULT '',
	CHECK (date_from <= last_day)
);
CREATE INDEX secondments_person ON secondments (person_id, date_from);
CREATE INDEX secondments_to ON secondments (to_unit_id, date_from);
CREATE INDEX secondments_from ON secondments (from_unit_id, date_from);
CREATE INDEX secondments_cohort ON secondments (cohort_id);
CREATE INDEX secondments_last ON secondments (last_day);
CREATE TABLE secondment_notes (
	id            INTEGER PRIMARY KEY,
	secondment_id INTEGER NOT NULL REFERENCES secondments (id),
	kind          TEXT NOT NULL,
	on_day        TEXT NOT NULL,
	body          TEXT NOT NULL,
	rating        TEXT NOT NULL DEFAULT '',
	actor         TEXT NOT NULL DEFAULT '',
	at            TEXT NOT NULL
);
CREATE INDEX secondment_notes_secondment ON secondment_notes (secondment_id, on_day);

-- The secondment timeline entries become records: partial days widen to the first and last day
-- they can mean ("12/2026" runs to 31/12/2026, as the reminder read it), an open end stays open
-- (9999-12-31), the place typed stays as the host's name, and the sending unit is the unit of
-- the person's post on the first day (a primary post first), when there is one.
INSERT INTO secondments (person_id, from_unit_id, host_name, purpose, date_from, date_to, last_day, doc_number, doc_date, doc_issuer)
SELECT e.person_id,
	(SELECT x.unit_id FROM posts x WHERE x.person_id = e.person_id AND x.valid_from <= e.first_day AND x.valid_to > e.first_day
		ORDER BY x.is_primary DESC, x.valid_from DESC, x.id LIMIT 1),
	e.title, 'task', e.first_day, e.end_day, e.end_day, e.doc_number, e.doc_date, e.doc_issuer
FROM (SELECT person_id, title, doc_number, doc_date, doc_issuer, id,
		CASE length(date_from) WHEN 4 THEN date_from || '-01-01' WHEN 7 THEN date_from || '-01' ELSE date_from END AS first_day,
		CASE WHEN date_to = '' THEN '9999-12-31' WHEN length(date_to) = 4 THEN date_to || '-12-31'
			WHEN length(date_to) = 7 THEN date(date_to || '-01', '+1 month', '-1 day') ELSE date_to END AS end_day
	FROM person_entries WHERE kind = 'secondment' AND date_from <> '') e
ORDER BY e.id;
DELETE FROM person_entries WHERE kind = 'secondment' AND date_from <> '';
