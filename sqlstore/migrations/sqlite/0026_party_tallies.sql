-- Party statistics at city scale (issue 12, docs/DESIGN.md "Party statistics"): each cell's
-- official periods with what the statistics count of them — the period's days, the
-- membership's admission, end and full-membership days, the member's birth day, sex and
-- ethnicity — folded into one row per cell, so the city's 370,000 members are read as 13,000
-- rows instead of a three-table join per member. Every day "as of" is answered from them
-- exactly: closed periods stay in the fold.
--
-- Record: valid_from, valid_to, admitted_on, ended_on, full_on, birth_first, f|m, ethnicity,
-- separated by char(31); records separated by char(30) (text is NFC without control
-- characters, vn.Clean). sqlstore/party_tally.go reads it and rebuilds it with the same
-- expression.
CREATE TABLE party_cell_tallies (
	cell_id INTEGER PRIMARY KEY REFERENCES units (id),
	members TEXT NOT NULL
);
-- Cells whose fold is out of date: marked by the triggers below in the transaction that changes
-- a period, a membership or a member's sex, birth day or ethnicity, and folded again before that
-- transaction commits (Tx.Commit). A reader computes a cell still listed here from the rows.
CREATE TABLE party_cell_stale (cell_id INTEGER PRIMARY KEY);
CREATE TRIGGER party_cells_tally_insert AFTER INSERT ON party_cells BEGIN
	INSERT OR IGNORE INTO party_cell_stale (cell_id) VALUES (NEW.cell_id);
END;
CREATE TRIGGER party_cells_tally_update AFTER UPDATE ON party_cells BEGIN
	INSERT OR IGNORE INTO party_cell_stale (cell_id) VALUES (OLD.cell_id);
	INSERT OR IGNORE INTO party_cell_stale (cell_id) VALUES (NEW.cell_id);
END;
CREATE TRIGGER party_cells_tally_delete AFTER DELETE ON party_cells BEGIN
	INSERT OR IGNORE INTO party_cell_stale (cell_id) VALUES (OLD.cell_id);
END;
-- A membership is inserted before its cell periods (whose insert marks the cell), so inserts
-- need no trigger here; one would look up cell periods by person during a bulk load, whose
-- person index is dropped until the load ends.
CREATE TRIGGER party_members_tally_update AFTER UPDATE ON party_members BEGIN
	INSERT OR IGNORE INTO party_cell_stale (cell_id) SELECT cell_id FROM party_cells WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER party_members_tally_delete AFTER DELETE ON party_members BEGIN
	INSERT OR IGNORE INTO party_cell_stale (cell_id) SELECT cell_id FROM party_cells WHERE person_id = OLD.person_id;
END;
CREATE TRIGGER people_tally_update AFTER UPDATE OF sex, birth_first, ethnicity ON people
	WHEN OLD.sex IS NOT NEW.sex OR OLD.birth_first IS NOT NEW.birth_first OR OLD.ethnicity IS NOT NEW.ethnicity BEGIN
	INSERT OR IGNORE INTO party_cell_stale (cell_id) SELECT cell_id FROM party_cells WHERE person_id = NEW.id;
END;
INSERT INTO party_cell_tallies (cell_id, members)
	SELECT c.cell_id, group_concat(c.valid_from || char(31) || c.valid_to || char(31) || pm.admitted_on || char(31) || pm.ended_on
		|| char(31) || pm.full_on || char(31) || p.birth_first || char(31) || CASE WHEN p.sex = 'female' THEN 'f' ELSE 'm' END
		|| char(31) || p.ethnicity, char(30))
	FROM party_cells c JOIN party_members pm ON pm.person_id = c.person_id JOIN people p ON p.id = c.person_id
	WHERE c.temporary = FALSE
	GROUP BY c.cell_id;
