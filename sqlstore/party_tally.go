package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// Party cell tallies (migration 0026): each cell's official periods folded into one text row
// with what the party statistics count of them, so a city's members are read as one row per
// cell. Triggers mark a cell stale when a period, a membership or a member's sex, birth day or
// ethnicity changes; Tx.Commit folds the stale cells again before the transaction commits, so
// the fold changes with the rows it is made of. A reader folds any cell still stale (a restore
// writes rows outside Tx) from the rows themselves, so an answer never depends on the fold
// being up to date.

// tallyFold is the fold of one cell's official periods: the aggregate over c (party_cells),
// pm (party_members) and p (people) that migration 0026 wrote with the same expression.
func (dl dialect) tallyFold() string {
	sep, agg := dl.char(31), "group_concat"
	if dl.postgres() {
		agg = "string_agg"
	}
	return agg + `(c.valid_from || ` + sep + ` || c.valid_to || ` + sep + ` || pm.admitted_on || ` + sep + ` || pm.ended_on || ` + sep +
		` || pm.full_on || ` + sep + ` || p.birth_first || ` + sep + ` || CASE WHEN p.sex = 'female' THEN 'f' ELSE 'm' END || ` + sep +
		` || p.ethnicity, ` + dl.char(30) + `)`
}

// tallyFrom is the FROM and WHERE of a fold, for the cells listed by cells (a subquery).
func tallyFrom(cells string) string {
	return ` FROM party_cells c JOIN party_members pm ON pm.person_id = c.person_id JOIN people p ON p.id = c.person_id
		WHERE c.cell_id IN (` + cells + `) AND c.temporary = FALSE GROUP BY c.cell_id`
}

// refreshTallies folds again the cells the transaction's writes marked stale. Most
// transactions touch no cell: they pay one lookup of an empty table.
func (tx *Tx) refreshTallies(ctx context.Context) error {
	var stale int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM party_cell_stale LIMIT 1) s`).Scan(&stale); err != nil || stale == 0 {
		return err
	}
	dl := tx.db.dialect
	if _, err := tx.exec(ctx, `DELETE FROM party_cell_tallies WHERE cell_id IN (SELECT cell_id FROM party_cell_stale)`); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO party_cell_tallies (cell_id, members) SELECT c.cell_id, `+dl.tallyFold()+
		tallyFrom(`SELECT cell_id FROM party_cell_stale`)); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM party_cell_stale`)
	return err
}

// memberTally is what the statistics count of the members on one day.
type memberTally struct {
	members, full, women int
	bands                [6]int // under 30, 30–39, …, 70 and over (canbo.AgeBands)
	ethnicity            map[string]int
}

// add counts the records of one cell's fold that are members on day on; limits are the
// birth days (ISO) that begin the age bands: born after limits[0] is under 30, and so on.
func (m *memberTally) add(fold, on string, limits [5]string) error {
	for fold != "" {
		rec := fold
		if i := strings.IndexByte(fold, 30); i >= 0 {
			rec, fold = fold[:i], fold[i+1:]
		} else {
			fold = ""
		}
		var f [8]string
		for k := 0; k < 7; k++ {
			i := strings.IndexByte(rec, 31)
			if i < 0 {
				return fmt.Errorf("party_cell_tallies: a record has %d fields, want 8", k+1)
			}
			f[k], rec = rec[:i], rec[i+1:]
		}
		f[7] = rec
		from, to, admitted, ended, full, birth := f[0], f[1], f[2], f[3], f[4], f[5]
		if from > on || to <= on || admitted > on || (ended != "" && ended <= on) {
			continue
		}
		m.members++
		if full != "" && full <= on {
			m.full++
		}
		if f[6] == "f" {
			m.women++
		}
		switch {
		case birth > limits[0]:
			m.bands[0]++
		case birth > limits[1]:
			m.bands[1]++
		case birth > limits[2]:
			m.bands[2]++
		case birth > limits[3]:
			m.bands[3]++
		case birth > limits[4]:
			m.bands[4]++
		case birth != "":
			m.bands[5]++
		}
		m.ethnicity[f[7]]++
	}
	return nil
}
