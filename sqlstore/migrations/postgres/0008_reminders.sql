-- Reminders: the due-item queries narrow their candidates before the rules decide each one.
-- Retirement candidates by sex and birth date (covering), with the spans of their posts;
-- probationary members (no full-membership date yet) by admission; timeline entries of one kind
-- by their start (salary steps, disciplines) or end (secondments); salary entries with an
-- extended wait, and the latest entry of a kind per person; posts by title, for the appointments.
-- (SQLite's index by kind and start covers the details too; a B-tree entry here must stay under
-- about 2.7 kB, which long details could pass, and bitmap heap scans serve the lists well.)
CREATE INDEX people_retirement ON people (sex, birth_first, birth_date);
CREATE INDEX posts_person_span ON posts (person_id, valid_to, valid_from);
CREATE INDEX party_members_probation ON party_members (admitted_on) WHERE full_on = '' AND ended_on = '';
CREATE INDEX person_entries_kind_from ON person_entries (kind, date_from);
CREATE INDEX person_entries_kind_to ON person_entries (kind, date_to);
CREATE INDEX posts_title ON posts (title);
CREATE INDEX person_entries_extended ON person_entries (date_from) WHERE kind = 'salary' AND details LIKE '%"extra_months"%';
CREATE INDEX person_entries_latest ON person_entries (person_id, kind, date_from);
