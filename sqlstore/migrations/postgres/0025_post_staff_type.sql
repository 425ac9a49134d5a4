-- The staffing roll-up counts the primary posts of a subtree by their holder's staff type
-- (issue 13). Reading each holder's type from people cost the city's roll-up a second pass over
-- 115,000 people; the post row carries it instead, so the covering index posts_staffing answers
-- the whole count. It is the holder's current staff type (as the roll-up always counted),
-- filled by these triggers on every write path — a post written or given to another person, a
-- person's staff type changed — and backfilled here.
ALTER TABLE posts ADD COLUMN staff_type TEXT NOT NULL DEFAULT '';
UPDATE posts x SET staff_type = p.staff_type FROM people p WHERE p.id = x.person_id;
DROP INDEX posts_staffing;
CREATE INDEX posts_staffing ON posts (unit_id, is_primary, valid_from, valid_to, person_id, position_id, staff_type);

CREATE FUNCTION posts_staff_type() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.staff_type := COALESCE((SELECT p.staff_type FROM people p WHERE p.id = NEW.person_id), '');
	RETURN NEW;
END
$$;
CREATE TRIGGER posts_staff_type BEFORE INSERT OR UPDATE OF person_id ON posts
	FOR EACH ROW EXECUTE FUNCTION posts_staff_type();

CREATE FUNCTION people_staff_type_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE posts SET staff_type = NEW.staff_type WHERE person_id = NEW.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER people_staff_type_posts AFTER UPDATE OF staff_type ON people
	FOR EACH ROW WHEN (NEW.staff_type IS DISTINCT FROM OLD.staff_type) EXECUTE FUNCTION people_staff_type_posts();
