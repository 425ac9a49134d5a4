package sqlstore

// SetBigSubtree changes from how many units the party counts walk every membership, so tests
// can take both paths on a small tree; it returns the function that restores it.
func SetBigSubtree(n int) (restore func()) {
	old := bigSubtree
	bigSubtree = n
	return func() { bigSubtree = old }
}

// StaleTallies marks every party cell's fold stale outside any transaction of the store (as a
// restore leaves them), so a test can take the readers' path that folds cells from the rows.
func StaleTallies(d *DB) error {
	_, err := d.db.Exec(`INSERT INTO party_cell_stale (cell_id) SELECT DISTINCT cell_id FROM party_cells`)
	return err
}

// StaleCells is the number of cells marked stale.
func StaleCells(d *DB) (n int, err error) {
	err = d.db.QueryRow(`SELECT COUNT(*) FROM party_cell_stale`).Scan(&n)
	return n, err
}
