-- Issue 20: the evaluations of a year "not done", which lengthen the wait for a salary step, by
-- their start. Reminders read them over nine years for every scope not listed by person; without
-- this index that was the whole country's evaluations (4.7 million on the nation file, 95,000
-- not done) with a JSON field read from each. The person's id lets a list of people turn most
-- entries away before the row is read. The condition is written as notDoneEvaluation writes it.
CREATE INDEX person_entries_not_done ON person_entries (date_from, person_id) WHERE kind = 'evaluation' AND json_extract(details, '$.level') = 'not_done';
