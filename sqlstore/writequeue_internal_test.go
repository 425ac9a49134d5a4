package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
)

// TestSQLiteWritesQueue: 32 writers and 16 readers whose reads are audited (a write each), all
// at once on one SQLite file, with a busy timeout far shorter than the queue: every write must
// wait its turn in the process and none may fail with "database is locked"; nothing is lost.
func TestSQLiteWritesQueue(t *testing.T) {
	old := busyTimeout
	busyTimeout = 20 * time.Millisecond
	t.Cleanup(func() { busyTimeout = old })
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "canbo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.SetAuditDir(filepath.Join(t.TempDir(), "audit")); err != nil {
		t.Fatal(err)
	}
	sys := canbo.SystemContext(ctx)
	seed := &canbo.Person{FamilyName: "Nguyễn", GivenName: "Gốc", Sex: canbo.Male, BirthDate: "1970"}
	if err := d.CreatePerson(sys, seed, nil, nil); err != nil {
		t.Fatal(err)
	}
	const writers, readers, each = 32, 16, 8
	var wg sync.WaitGroup
	errs := make(chan error, (writers+readers)*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				p := &canbo.Person{FamilyName: "Trần", GivenName: fmt.Sprintf("Ghi %d %d", w, i), Sex: canbo.Female, BirthDate: "1980"}
				if err := d.CreatePerson(sys, p, nil, nil); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
				}
			}
		}()
	}
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := d.FindPerson(sys, seed.ID); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
				} else if err := d.Audit(sys, &audit.Event{Action: "person.read", Entity: "person", EntityID: fmt.Sprint(seed.ID)}); err != nil {
					errs <- fmt.Errorf("reader %d audit: %w", r, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 3 {
			t.Error(err)
		}
	}
	if n > 0 {
		t.Fatalf("%d of %d operations failed", n, (writers+readers)*each)
	}
	var people, reads int
	d.db.QueryRow(`SELECT COUNT(*) FROM people`).Scan(&people)
	d.db.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'person.read'`).Scan(&reads)
	if people != 1+writers*each || reads != readers*each {
		t.Errorf("people %d (want %d), audited reads %d (want %d)", people, 1+writers*each, reads, readers*each)
	}
}

// TestReportsReadBesideWriter: party statistics and party health read in a read transaction, not
// in the write slot, so they answer while a write holds it (SQLite; PostgreSQL has no slot).
// The unit asked for does not exist: the answer is a refusal, not a wait for the slot.
func TestReportsReadBesideWriter(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "canbo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	w, err := d.begin(ctx) // a write in progress: holds the slot until rolled back
	if err != nil {
		t.Fatal(err)
	}
	defer w.Rollback()
	sys := canbo.SystemContext(ctx)
	on := time.Now().UTC()
	for name, read := range map[string]func(context.Context) error{
		"PartyStats":  func(c context.Context) error { _, err := d.PartyStats(c, 1, on, on.AddDate(-1, 0, 0), on); return err },
		"PartyHealth": func(c context.Context) error { _, err := d.PartyHealth(c, 1, on); return err },
	} {
		c, cancel := context.WithTimeout(sys, time.Second)
		if err := read(c); errors.Is(err, context.DeadlineExceeded) || c.Err() != nil {
			t.Errorf("%s waited for the write in progress: %v", name, err)
		} else if code := canbo.ErrorCode(err); code != canbo.ENOTFOUND && code != canbo.EINVALID {
			t.Errorf("%s of a unit that does not exist: %v, want it refused", name, err)
		}
		cancel()
	}
}
