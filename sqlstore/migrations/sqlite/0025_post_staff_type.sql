-- The staffing roll-up counts the primary posts of a subtree by their holder's staff type
-- (issue 13). Reading each holder's type from people cost the city's roll-up a second pass over
-- 115,000 people; the post row carries it instead, so the covering index posts_staffing answers
-- the whole count. It is the holder's current staff type (as the roll-up always counted),
-- filled by these triggers on every write path — a post written or given to another person, a
-- person's staff type changed — and backfilled here.
ALTER TABLE posts ADD COLUMN staff_type TEXT NOT NULL DEFAULT '';
UPDATE posts SET staff_type = COALESCE((SELECT p.staff_type FROM people p WHERE p.id = posts.person_id), '');
DROP INDEX posts_staffing;
CREATE INDEX posts_staffing ON posts (unit_id, is_primary, valid_from, valid_to, person_id, position_id, staff_type);

CREATE TRIGGER posts_staff_type_insert AFTER INSERT ON posts
WHEN NEW.staff_type IS NOT COALESCE((SELECT p.staff_type FROM people p WHERE p.id = NEW.person_id), '')
BEGIN
	UPDATE posts SET staff_type = COALESCE((SELECT p.staff_type FROM people p WHERE p.id = NEW.person_id), '') WHERE id = NEW.id;
END;

CREATE TRIGGER posts_staff_type_person AFTER UPDATE OF person_id ON posts
BEGIN
	UPDATE posts SET staff_type = COALESCE((SELECT p.staff_type FROM people p WHERE p.id = NEW.person_id), '') WHERE id = NEW.id;
END;

CREATE TRIGGER people_staff_type_posts AFTER UPDATE OF staff_type ON people
WHEN NEW.staff_type IS NOT OLD.staff_type
BEGIN
	UPDATE posts SET staff_type = NEW.staff_type WHERE person_id = NEW.id;
END;
