-- Party health and statistics at city scale (issue 12, docs/BENCHMARKS.md). A cell's members on
-- a day are counted from this covering index alone (its official periods open that day), less
-- the few periods whose membership does not count or is not full that day, which are found
-- through the indexes on the membership's days below — instead of a join over every membership.
CREATE INDEX party_cells_count ON party_cells (cell_id, temporary, valid_to, valid_from, person_id);
CREATE INDEX party_members_admitted ON party_members (admitted_on);
CREATE INDEX party_members_ended ON party_members (ended_on);
CREATE INDEX party_members_full ON party_members (full_on);
-- Transfers in a period start from the cell periods opened in it.
CREATE INDEX party_cells_started ON party_cells (valid_from);
