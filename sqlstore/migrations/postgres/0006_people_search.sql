-- People lists and search at city scale. A name word carries its person's sort key, so the
-- people matching one word come out of one index range already in Vietnamese order: a search
-- walks them and stops after a page, instead of collecting and sorting every match. The entry
-- also carries all the person's name and code words (and, apart, identity words), so the other
-- words of a search are checked on the index entry itself, without a probe per word. Code and
-- identity words need no key (they are looked up, not walked); a partial index finds them, so
-- the planner can tell at once whether a search word matches only names.
ALTER TABLE person_words ADD COLUMN sort_key BYTEA;
ALTER TABLE person_words ADD COLUMN words TEXT;
ALTER TABLE person_words ADD COLUMN identity_words TEXT;
UPDATE person_words SET sort_key = (SELECT p.sort_key FROM people p WHERE p.id = person_words.person_id),
	words = (SELECT string_agg(w.word, ' ') FROM person_words w WHERE w.person_id = person_words.person_id AND w.kind IN ('name', 'code')),
	identity_words = (SELECT string_agg(w.word, ' ') FROM person_words w WHERE w.person_id = person_words.person_id AND w.kind IN ('identity'))
	WHERE kind = 'name';
CREATE INDEX person_words_order ON person_words (word, sort_key, person_id, kind, words, identity_words) WHERE kind = 'name';
CREATE INDEX person_words_other ON person_words (word) WHERE kind <> 'name';
-- Checking one person's words, posts and cells reads the index alone.
DROP INDEX person_words_person;
CREATE INDEX person_words_person ON person_words (person_id, word, kind);
-- The people of a subtree are read from the unit indexes alone.
DROP INDEX posts_unit;
CREATE INDEX posts_unit ON posts (unit_id, valid_from, valid_to, person_id);
DROP INDEX party_cells_cell;
CREATE INDEX party_cells_cell ON party_cells (cell_id, valid_from, valid_to, person_id);
-- How many people have each name word: the plan of a search starts from its rarest word. A hint
-- only (refreshed by every bulk load, not by single edits): a stale count slows a search down,
-- it never changes its answer.
CREATE TABLE person_word_counts (
	word   TEXT PRIMARY KEY,
	people BIGINT NOT NULL
);
INSERT INTO person_word_counts (word, people) SELECT word, COUNT(*) FROM person_words WHERE kind = 'name' GROUP BY word;
-- The planner learns the new indexes now rather than after the next bulk load.
ANALYZE person_words;
ANALYZE posts;
ANALYZE party_cells;
