-- Reminders: the due-item queries narrow their candidates by date before the rules decide.
-- Retirement candidates by birth date; probationary members (no full-membership date yet) by
-- admission; timeline entries of one kind by their start (salary steps, disciplines) or end
-- (secondments).
CREATE INDEX people_birth_first ON people (birth_first);
CREATE INDEX party_members_probation ON party_members (admitted_on) WHERE full_on = '' AND ended_on = '';
CREATE INDEX person_entries_kind_from ON person_entries (kind, date_from);
CREATE INDEX person_entries_kind_to ON person_entries (kind, date_to);
