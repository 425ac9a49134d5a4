-- Issue 20: the evaluations of a year "not done", which lengthen the wait for a salary step, by
-- their start. Reminders read them over nine years for every scope not listed by person; without
-- this index that was the whole country's evaluations (4.7 million on the nation file, 95,000
-- not done) with a JSON field read from each. The person's id lets a list of people turn most
-- entries away before the row is read. The condition is written as notDoneEvaluation writes it.
CREATE INDEX person_entries_not_done ON person_entries (date_from, person_id) WHERE kind = 'evaluation' AND json_extract(details, '$.level') = 'not_done';

-- The columns Biểu 01 and the retirement wave count of each person, keyed by id (the reports
-- read their people by id). A province's people are spread over the whole people table: on the
-- nation file Hồ Chí Minh City's 244,699 are spread over its 2.4 GB, and this index is 370 MB:
-- Biểu 01 of the city read its people in 1.8 s of CPU from it, against 3.7 s from the table.
CREATE INDEX people_workforce ON people (id, sex, staff_type, birth_first, ethnicity, edu_professional, edu_political, edu_state, edu_languages, edu_it);
