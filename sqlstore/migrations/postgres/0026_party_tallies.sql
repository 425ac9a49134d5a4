-- Party statistics at city scale (issue 12): see the SQLite migration of the same number.
CREATE TABLE party_cell_tallies (
	cell_id BIGINT PRIMARY KEY REFERENCES units (id),
	members TEXT NOT NULL
);
CREATE TABLE party_cell_stale (cell_id BIGINT PRIMARY KEY);
CREATE FUNCTION party_cells_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO party_cell_stale (cell_id) VALUES (OLD.cell_id) ON CONFLICT DO NOTHING;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO party_cell_stale (cell_id) VALUES (NEW.cell_id) ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER party_cells_tally AFTER INSERT OR UPDATE OR DELETE ON party_cells
	FOR EACH ROW EXECUTE FUNCTION party_cells_tally();
-- Inserts need no trigger: a membership is inserted before its cell periods (see SQLite's 0026).
CREATE FUNCTION party_members_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO party_cell_stale (cell_id) SELECT cell_id FROM party_cells WHERE person_id = OLD.person_id ON CONFLICT DO NOTHING;
	IF TG_OP = 'UPDATE' THEN
		INSERT INTO party_cell_stale (cell_id) SELECT cell_id FROM party_cells WHERE person_id = NEW.person_id ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER party_members_tally AFTER UPDATE OR DELETE ON party_members
	FOR EACH ROW EXECUTE FUNCTION party_members_tally();
CREATE FUNCTION people_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO party_cell_stale (cell_id) SELECT cell_id FROM party_cells WHERE person_id = NEW.id ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
CREATE TRIGGER people_tally AFTER UPDATE OF sex, birth_first, ethnicity ON people FOR EACH ROW
	WHEN (OLD.sex IS DISTINCT FROM NEW.sex OR OLD.birth_first IS DISTINCT FROM NEW.birth_first OR OLD.ethnicity IS DISTINCT FROM NEW.ethnicity)
	EXECUTE FUNCTION people_tally();
INSERT INTO party_cell_tallies (cell_id, members)
	SELECT c.cell_id, string_agg(c.valid_from || chr(31) || c.valid_to || chr(31) || pm.admitted_on || chr(31) || pm.ended_on
		|| chr(31) || pm.full_on || chr(31) || p.birth_first || chr(31) || CASE WHEN p.sex = 'female' THEN 'f' ELSE 'm' END
		|| chr(31) || p.ethnicity, chr(30))
	FROM party_cells c JOIN party_members pm ON pm.person_id = c.person_id JOIN people p ON p.id = c.person_id
	WHERE c.temporary = FALSE
	GROUP BY c.cell_id;
