package sqlstore_test

import (
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestBulkEntries loads more than two statements' worth of entries, then refuses a load that
// fails on the caller's side (an unknown kind) and one that fails on the writer's (a person who
// does not exist): each failure writes nothing and records no import.
func TestBulkEntries(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := newBulkTree(t, db)
		p, _, _ := bulkPerson(tr, 1)
		if err := db.CreatePerson(sys, p, nil, nil); err != nil {
			t.Fatal(err)
		}
		const n = 450 // two full statements and a short one
		entry := func(i int) canbo.Entry {
			return canbo.Entry{PersonID: p.ID, Kind: canbo.EntryReward, From: strconv.Itoa(1980 + i%40),
				Title: "Giấy khen " + strconv.Itoa(i), Details: map[string]string{canbo.DetailAuthority: "Ủy ban nhân dân Phường Sài Gòn"}}
		}
		count := func() int {
			var c int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM person_entries`).Scan(&c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		for _, c := range []struct {
			name, msg string
			bad       func(e *canbo.Entry)
		}{
			{"unknown kind", "Mục 301", func(e *canbo.Entry) { e.Kind = "medal" }},
			{"unknown person", "", func(e *canbo.Entry) { e.PersonID = 999999 }},
		} {
			ran, err := db.BulkEntries(sys, "entries-bad", func(add func(canbo.Entry) error) error {
				for i := range n {
					e := entry(i)
					if i == 300 {
						c.bad(&e)
					}
					if err := add(e); err != nil {
						return err
					}
				}
				return nil
			})
			if ran || err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("%s: ran=%v err=%v, want an error containing %q", c.name, ran, err, c.msg)
			}
			if got := count(); got != 0 {
				t.Errorf("%s: %d entries written", c.name, got)
			}
			if done, err := db.Imported(sys, "entries-bad"); err != nil || done {
				t.Errorf("%s: failed load recorded: %v %v", c.name, done, err)
			}
		}
		ran, err := db.BulkEntries(sys, "entries-test", func(add func(canbo.Entry) error) error {
			for i := range n {
				if err := add(entry(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || !ran || count() != n {
			t.Fatalf("BulkEntries = %v, %v; %d entries, want %d", ran, err, count(), n)
		}
		_, entries, _, err := db.Timeline(sys, p.ID)
		if err != nil || len(entries) != n || !strings.HasPrefix(entries[0].Title, "Giấy khen") ||
			entries[0].Details[canbo.DetailAuthority] != "Ủy ban nhân dân Phường Sài Gòn" {
			t.Errorf("timeline: %d entries, %v", len(entries), err)
		}
	})
}
