package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"canbo"
	"canbo/demo"
)

// cmdSeed implements `canbo seed --scale demo|city|nation [--seed N] [--people N] --db DB
// [--audit-dir DIR]`: synthetic people in the demo trees of Ho Chi Minh City, for demos, tests
// and load tests. It loads the administrative units and the demo trees first when they are
// missing. The same scale, seed and count always give the same people, and running the command
// twice changes nothing (the load is recorded as the import people-SCALE-seedN[-COUNT]).
func cmdSeed(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("seed")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	scale := fs.str("scale", demo.ScaleDemo, "demo (3,000 people), city (≈ 420,000: Ho Chi Minh City) or nation (≈ 6,000,000: a load test)")
	seedFlag := fs.str("seed", "1", "random seed: the same seed gives the same people")
	peopleFlag := fs.str("people", "0", "number of people, instead of the scale's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	// Checked before opening the database, so a typo creates no file.
	if _, ok := demo.ScalePeople[*scale]; !ok {
		return fmt.Errorf("--scale: %q is not demo, city or nation", *scale)
	}
	n, err := strconv.ParseInt(*seedFlag, 10, 64)
	if err != nil {
		return fmt.Errorf("--seed: %q is not a whole number", *seedFlag)
	}
	people, err := strconv.Atoi(*peopleFlag)
	if err != nil || people < 0 {
		return fmt.Errorf("--people: %q is not a positive whole number", *peopleFlag)
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	rep, err := demo.GeneratePeople(canbo.SystemContext(ctx), store, *scale, n, people)
	if err != nil {
		return err
	}
	if !rep.Ran {
		fmt.Fprintf(stdout, "%s already generated; nothing changed\n", rep.Name)
	} else {
		fmt.Fprintf(stdout, "%s: %s\n(%.1fs)\n", rep.Name, rep.Summary, rep.Elapsed.Seconds())
	}
	// Posts generated in wards the 2025 reform ended follow the wards that succeeded them.
	if rep.Ran {
		if err := repairCarry(canbo.SystemContext(ctx), store, false, io.Discard); err != nil {
			return err
		}
	}
	// Timelines (salary steps, secondments, disciplines) for the reminders, once per seed.
	entries, err := demo.GenerateEntries(canbo.SystemContext(ctx), store, n)
	if err != nil {
		return err
	}
	if entries > 0 {
		fmt.Fprintf(stdout, "%s: %d mục quá trình công tác\n", demo.EntriesImportName(n), entries)
	}
	return nil
}
