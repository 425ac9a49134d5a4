-- A person's recorded status from a day on (docs/DESIGN.md "Person status"); the latest row
-- on or before a day is the status then. Death of a party member comes from party_members.
CREATE TABLE person_status (
	person_id INTEGER NOT NULL REFERENCES people (id),
	since     TEXT NOT NULL,
	status    TEXT NOT NULL CHECK (status IN ('working', 'retired', 'transferred', 'deceased')),
	PRIMARY KEY (person_id, since)
);

-- A reminder (person, kind, due day) an officer marked as handled, with who and when.
CREATE TABLE reminders_handled (
	person_id  INTEGER NOT NULL REFERENCES people (id),
	kind       TEXT NOT NULL,
	due        TEXT NOT NULL,
	handled_by INTEGER NOT NULL REFERENCES users (id),
	handled_at TEXT NOT NULL,
	PRIMARY KEY (person_id, kind, due)
);
