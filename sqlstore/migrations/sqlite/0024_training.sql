-- Training plans, courses and enrolments (issue 17 item 3). A plan is a unit's for a year, its
-- lines a kind with the people planned; a course belongs to a line (so to the plan's unit) and
-- confers a level of the kind's vocab list, or none; an enrolment is a person in a course, and
-- its completion names the timeline entry it wrote and the education level it replaced (the
-- source of the record's change). Actual figures are counted on reading, never stored.
CREATE TABLE training_plans (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	year       INTEGER NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (unit_id, year)
);
CREATE TABLE training_lines (
	id      INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES training_plans (id),
	kind    TEXT NOT NULL,
	title   TEXT NOT NULL,
	level   TEXT NOT NULL DEFAULT '',
	planned INTEGER NOT NULL
);
CREATE INDEX training_lines_plan ON training_lines (plan_id, id);
CREATE TABLE training_courses (
	id         INTEGER PRIMARY KEY,
	line_id    INTEGER NOT NULL REFERENCES training_lines (id),
	title      TEXT NOT NULL,
	provider   TEXT NOT NULL,
	date_from  TEXT NOT NULL,
	date_to    TEXT NOT NULL,
	mode       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	level      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX training_courses_line ON training_courses (line_id);
CREATE TABLE training_enrolments (
	id           INTEGER PRIMARY KEY,
	course_id    INTEGER NOT NULL REFERENCES training_courses (id),
	person_id    INTEGER NOT NULL REFERENCES people (id),
	status       TEXT NOT NULL,
	enrolled_on  TEXT NOT NULL,
	completed_on TEXT NOT NULL DEFAULT '',
	result       TEXT NOT NULL DEFAULT '',
	cert_number  TEXT NOT NULL DEFAULT '',
	cert_date    TEXT NOT NULL DEFAULT '',
	entry_id     INTEGER,
	level_before TEXT NOT NULL DEFAULT '',
	level_after  TEXT NOT NULL DEFAULT '',
	UNIQUE (course_id, person_id)
);
CREATE INDEX training_enrolments_person ON training_enrolments (person_id, status);
