package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
)

// startCPUProfile starts a CPU profile of the process into path (go tool pprof) and returns
// the function that ends it; an empty path profiles nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// cmdSeed implements `canbo seed --scale demo|city|nation [--seed N] [--people N] --db DB
// [--audit-dir DIR] [--cpuprofile F]`: synthetic people in the demo trees of Ho Chi Minh City
// (at nation scale, of every province), for demos, tests and load tests. It loads the administrative units and the demo trees first
// when they are missing. The same scale, seed and count always give the same people, and
// running the command twice changes nothing (the load is recorded as the import
// people-SCALE-seedN[-COUNT]). Each step is reported on stderr with the time since the start.
//
// A new SQLite file (and its default audit folder) is filled under a temporary name, DB.seeding,
// without a journal or fsync (sqlstore.Options.Fill), and renamed to DB only once everything is
// written: at nation scale the WAL would otherwise receive every page once and the checkpoint
// copy it again. A killed seed leaves DB.seeding, never a file at DB; the next seed deletes it.
// An existing database is seeded in place, each step all or nothing.
func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("seed")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	scale := fs.str("scale", demo.ScaleDemo, "demo (3,000 people), city (≈ 420,000: Ho Chi Minh City) or nation (≈ 6,000,000: a load test)")
	seedFlag := fs.str("seed", "1", "random seed: the same seed gives the same people")
	peopleFlag := fs.str("people", "0", "number of people, instead of the scale's")
	cpuProfile := fs.str("cpuprofile", "", "write a CPU profile of the whole seed to this file (go tool pprof)")
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
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	start := time.Now()
	ctx = demo.WithProgress(ctx, func(line string) {
		fmt.Fprintf(stderr, "seed %6.1fs  %s\n", time.Since(start).Seconds(), line)
	})
	path, fill, err := seedTarget(*db, *auditDirFlag)
	if err != nil {
		return err
	}
	var store *sqlstore.DB
	if fill {
		store, err = sqlstore.OpenWith(ctx, path, sqlstore.Options{Fill: true})
		if err == nil {
			if _, err = openAudit(store, path, ""); err != nil {
				store.Close()
			}
		}
	} else {
		store, err = openStore(ctx, path, *auditDirFlag)
	}
	if err != nil {
		return err
	}
	defer func() {
		if store != nil {
			store.Close()
		}
	}()
	if err := seed(ctx, store, *scale, n, people, stdout); err != nil {
		return err
	}
	if !fill {
		return nil
	}
	demo.Progress(ctx, "syncing and renaming %s to %s", path, *db)
	err = sqlstore.EndFill(ctx, store, path)
	store = nil
	if err != nil {
		return err
	}
	// The audit folder first: a database never appears at its name without its audit folder.
	if err := os.Rename(path+".audit", *db+".audit"); err != nil {
		return err
	}
	if err := os.Rename(path, *db); err != nil {
		return err
	}
	demo.Progress(ctx, "done")
	return nil
}

// seedTarget says where a seed writes: a new SQLite file with the default audit folder is
// filled under a temporary name (fill), after deleting what a killed seed left there; anything
// else in place.
func seedTarget(db, auditDirFlag string) (path string, fill bool, err error) {
	if sqlstore.IsPostgres(db) || auditDirFlag != "" {
		return db, false, nil
	}
	for _, p := range []string{db, db + ".audit"} {
		if _, err := os.Stat(p); err == nil {
			return db, false, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", false, err
		}
	}
	path = db + ".seeding"
	for _, p := range []string{path, path + "-journal", path + "-wal", path + "-shm", path + ".audit"} {
		if err := os.RemoveAll(p); err != nil {
			return "", false, err
		}
	}
	return path, true, nil
}

// seed runs the steps of a seed on an open store.
func seed(ctx context.Context, store *sqlstore.DB, scale string, n int64, people int, stdout io.Writer) error {
	rep, err := demo.GeneratePeople(canbo.SystemContext(ctx), store, scale, n, people)
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
		demo.Progress(ctx, "carrying posts in ended wards to their successors")
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
