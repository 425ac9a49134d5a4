package main

import (
	"context"
	"fmt"
	"io"

	"canbo"
	"canbo/sqlstore"
)

// cmdRepair answers `canbo repair carry --db DB [--dry-run]`: carries the posts and party-cell
// periods left open in units that ended before events carried people (issue 12), and lists what
// has no successor. With --dry-run it only reports.
func cmdRepair(ctx context.Context, sub string, args []string, stdout io.Writer) error {
	fs := newFlags("repair " + sub)
	db := fs.str("db", "", "database (SQLite file or postgres:// URL)")
	auditDir := fs.str("audit-dir", "", auditDirHelp)
	dry := fs.Bool("dry-run", false, "report what would be carried; change nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, *auditDir)
	if err != nil {
		return err
	}
	defer store.Close()
	return repairCarry(canbo.SystemContext(ctx), store, *dry, stdout)
}

// repairCarry runs the repair and prints one line per row carried or left.
func repairCarry(ctx context.Context, store *sqlstore.DB, dry bool, w io.Writer) error {
	carried, left, err := store.RepairCarry(ctx, dry)
	if err != nil {
		return err
	}
	verb := "đã chuyển"
	if dry {
		verb = "sẽ chuyển"
	}
	for _, s := range carried {
		fmt.Fprintf(w, "%s\t%s #%d\t%s (#%d, chấm dứt %s) → %s (#%d)\n", verb, s.PersonName, s.PersonID, s.UnitName, s.UnitID, s.EndedOn, s.SuccessorName, s.SuccessorID)
	}
	for _, s := range left {
		fmt.Fprintf(w, "chưa bố trí\t%s #%d\t%s (#%d, chấm dứt %s): không có đơn vị kế thừa\n", s.PersonName, s.PersonID, s.UnitName, s.UnitID, s.EndedOn)
	}
	fmt.Fprintf(w, "%s %d dòng (chức vụ, sinh hoạt đảng); %d dòng chưa được bố trí\n", verb, len(carried), len(left))
	return nil
}
