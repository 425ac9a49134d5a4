package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"canbo"
	"canbo/importer"
	"canbo/locale"
)

// importMemoryLimit is the Go heap the import command aims to stay under (SQLite's page cache
// comes on top of it).
const importMemoryLimit = 640 << 20

// cmdImportPeople imports a spreadsheet of people as system work: the same reading, mapping,
// checks and single transaction as the web's import. It prints the counts and every problem
// with its sheet row and cell, and exits non-zero when there are problems, having written
// nothing.
func cmdImportPeople(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("import people")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	file := fs.str("file", "", "the .xlsx or .csv file")
	asOfFlag := fs.str("as-of", "", "the day unit names are matched on and posts start (default today)")
	underFlag := fs.str("under", "", "a unit id: match unit names within its subtree only")
	dry := fs.boolean("dry-run", false, "check and count, write nothing")
	report := fs.str("report", "", "write the file with its bad cells marked to this .xlsx")
	mapping := fs.str("mapping", "", "a saved mapping profile: its name, or a .json file holding one (GET /api/v1/import-mappings)")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *file == "" {
		return fmt.Errorf("--file is required")
	}
	asOf := time.Now().UTC().Truncate(24 * time.Hour)
	if *asOfFlag != "" {
		d, err := time.Parse(time.DateOnly, *asOfFlag)
		if err != nil {
			return fmt.Errorf("--as-of: want YYYY-MM-DD, got %q", *asOfFlag)
		}
		asOf = d
	}
	var under int64
	if *underFlag != "" {
		var err error
		if under, err = strconv.ParseInt(*underFlag, 10, 64); err != nil || under <= 0 {
			return fmt.Errorf("--under: want a unit id, got %q", *underFlag)
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// An import holds every row of the file until its one transaction commits: a soft limit
		// has the collector work harder near it instead of letting the heap grow to twice what
		// is live, which keeps a 100,000-row file under 1 GiB (docs/BENCHMARKS.md).
		debug.SetMemoryLimit(importMemoryLimit)
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	book, err := importer.Read(data, importer.DefaultLimits)
	if err != nil {
		return err
	}
	var layouts []*importer.Layout
	for _, s := range book.Sheets {
		if l, ok := importer.Detect(s); ok {
			layouts = append(layouts, l)
		}
	}
	if len(layouts) == 0 {
		return canbo.Invalid("file", "err.web.import.no_header")
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	sys := canbo.SystemContext(ctx)
	if *mapping != "" {
		if err := applyMapping(sys, store, *mapping, layouts, stdout); err != nil {
			return err
		}
	}
	units, _, err := store.FindUnits(sys, canbo.UnitFilter{Under: under, AsOf: asOf})
	if err != nil {
		return err
	}
	rows, problems := importer.Parse(book, layouts, importer.Options{AsOf: asOf, Now: time.Now(), Units: importer.NewUnits(units)})
	sum := sha256.Sum256(data)
	res, err := store.ImportPeople(sys, rows, canbo.ImportOptions{File: filepath.Base(*file), Hash: hex.EncodeToString(sum[:]),
		DryRun: *dry || len(problems) > 0})
	if err != nil {
		return err
	}
	problems = append(problems, res.Problems...)
	bad := map[string]bool{}
	for _, p := range problems {
		bad[fmt.Sprintf("%s\x00%d", p.Sheet, p.Row)] = true
	}
	fmt.Fprintf(stdout, "rows\t%d\nimported\t%d\nupdated\t%d\nunchanged\t%d\nerrors\t%d\n", len(rows)+len(bad), res.Imported, res.Updated, res.Unchanged, len(bad))
	for _, p := range problems {
		fmt.Fprintf(stdout, "%s!%s row %d: %s\n", p.Sheet, p.Cell, p.Row, p.Message)
	}
	if *report != "" && len(problems) > 0 {
		b, err := importer.ErrorWorkbook(data, book, problems, locale.Text("vi", "import.errors.column"), func(p canbo.ImportProblem) string { return p.Message })
		if err != nil {
			return err
		}
		if err := os.WriteFile(*report, b, 0o600); err != nil {
			return err
		}
	}
	switch {
	case len(bad) > 0:
		return fmt.Errorf("%d rows with problems: nothing written", len(bad))
	case *dry:
		fmt.Fprintln(stdout, "dry run: nothing written")
	}
	return nil
}

// applyMapping gives the file's columns the fields of a mapping profile: a .json file holding
// one profile as the API lists it, or the name of a saved profile (any user's: this is system
// work, so a name two users chose is refused as ambiguous). A profile that names none of the
// file's headers is refused rather than silently leaving the automatic mapping.
func applyMapping(ctx context.Context, store interface {
	ImportMappings(context.Context) ([]*canbo.ImportMapping, error)
}, name string, layouts []*importer.Layout, stdout io.Writer) error {
	var m *canbo.ImportMapping
	if data, err := os.ReadFile(name); err == nil {
		m = &canbo.ImportMapping{}
		if err := json.Unmarshal(data, m); err != nil {
			return fmt.Errorf("--mapping %s: not a mapping profile: %v", name, err)
		}
	} else {
		all, err := store.ImportMappings(ctx)
		if err != nil {
			return err
		}
		for _, x := range all {
			if x.Name != name {
				continue
			}
			if m != nil {
				return fmt.Errorf("--mapping %q: several users saved a profile of that name; give it as a .json file", name)
			}
			m = x
		}
		if m == nil {
			return fmt.Errorf("--mapping %q: no such profile and no such file", name)
		}
	}
	n := 0
	for _, l := range layouts {
		n += l.ApplyProfile(m.Columns)
	}
	if n == 0 {
		return fmt.Errorf("--mapping %q: the profile names none of the file's headers", name)
	}
	fmt.Fprintf(stdout, "mapping\t%s (%d columns)\n", m.Name, n)
	return nil
}
