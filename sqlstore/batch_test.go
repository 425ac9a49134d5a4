package sqlstore_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestBatchAsEvents: a batch remembers what it wrote and read (unit kinds, each unit's last
// version) and inserts its event links together at its end, to spare round trips; what it
// records, and what it refuses, must be exactly what the same events record and refuse one by
// one. The script changes units again and again, on the same day (a version changed in place)
// and later, reads a unit on a day before the version the batch last saw, merges a district
// whose wards move, splits, moves, dissolves and links across hierarchies; the refused events
// then touch the ended units and the changed ones before their last change.
func TestBatchAsEvents(t *testing.T) {
	// event records an event and returns the unit it created, if it is a creation; refuse
	// records an event that must be refused.
	script := func(event func(canbo.EventInput) int64, link func(*canbo.UnitLink), refuse func(canbo.EventInput)) {
		nu := func(on, name, code, kind string, parent int64) int64 {
			h := canbo.Territory
			if strings.HasPrefix(kind, "dang") {
				h = canbo.Party
			}
			return event(canbo.EventInput{Kind: canbo.EventCreate, Date: date(on),
				New: &canbo.NewUnit{Hierarchy: h, Name: name, Code: code, Kind: kind, ParentID: parent}})
		}
		p := nu("2000-01-01", "Thành phố Hồ Chí Minh", "79", "thanh_pho_tw", 0)
		d1 := nu("2000-01-01", "Quận 1", "760", "quan", p)
		d2 := nu("2000-01-01", "Quận 3", "770", "quan", p)
		w1 := nu("2000-01-01", "Phường Bến Nghé", "26740", "phuong", d1)
		w2 := nu("2000-01-01", "Phường Đa Kao", "26737", "phuong", d1)
		w3 := nu("2000-01-01", "Phường Võ Thị Sáu", "27139", "phuong", d2)
		party := nu("2000-01-01", "Đảng bộ Phường Võ Thị Sáu", "", "dang_bo_co_so", 0)
		code := "26741"
		for _, in := range []canbo.EventInput{
			{Kind: canbo.EventRename, Date: date("2021-01-01"), UnitID: w1, Name: "Phường Bến Nghé Mới"},
			{Kind: canbo.EventRename, Date: date("2021-01-01"), UnitID: w1, Code: &code}, // the same day: in place
			{Kind: canbo.EventChangeKind, Date: date("2021-01-01"), UnitID: w1, UnitKind: "xa"},
			{Kind: canbo.EventRename, Date: date("2021-01-01"), UnitID: d1, Name: "Quận Một"},
			{Kind: canbo.EventMove, Date: date("2022-01-01"), UnitID: w3, ParentID: d1},
		} {
			event(in)
		}
		// Created under d1 on a day before the version of d1 the batch last wrote.
		w4 := nu("2020-06-01", "Phường Tân Định", "26734", "phuong", d1)
		w5 := nu("2022-06-01", "Phường 5", "27150", "phuong", d2)
		link(&canbo.UnitLink{From: party, To: w3, Relation: canbo.RelationBelongsTo, Start: date("2022-01-01")})
		event(canbo.EventInput{Kind: canbo.EventMerge, Date: date("2023-01-01"),
			Sources: []canbo.Source{{UnitID: d2}}, Targets: []canbo.Target{{UnitID: d1}}})
		event(canbo.EventInput{Kind: canbo.EventSplit, Date: date("2023-06-01"), Sources: []canbo.Source{{UnitID: w2}},
			Targets: []canbo.Target{{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường Đa Kao A", Code: "26801", Kind: "phuong", ParentID: d1}},
				{UnitID: w4}}})
		event(canbo.EventInput{Kind: canbo.EventMerge, Date: date("2024-01-01"),
			Sources: []canbo.Source{{UnitID: w5}, {UnitID: w3, Partial: true}}, Targets: []canbo.Target{{UnitID: w1}}})
		event(canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2024-01-01"), UnitID: w4})
		event(canbo.EventInput{Kind: canbo.EventRename, Date: date("2025-01-01"), UnitID: w1, Name: "Phường Sài Gòn"})
		for _, in := range []canbo.EventInput{
			{Kind: canbo.EventRename, Date: date("2023-09-01"), UnitID: w4, Name: "X"}, // before its end
			{Kind: canbo.EventRename, Date: date("2023-06-01"), UnitID: d2, Name: "X"}, // after its end
			{Kind: canbo.EventRename, Date: date("2024-06-01"), UnitID: w1, Name: "X"}, // before its last change
			{Kind: canbo.EventMerge, Date: date("2023-07-01"), Sources: []canbo.Source{{UnitID: w2}}, Targets: []canbo.Target{{UnitID: w1}}},
			{Kind: canbo.EventCreate, Date: date("1999-01-01"), New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "X", Kind: "phuong", ParentID: d1}},
		} {
			refuse(in)
		}
	}
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			// One by one; then in a batch, and in a batch that also tries the refused events
			// (and is then given up, as a failed event leaves rows of its own in the batch).
			one, batched, refusing := sqltest.MustOpen(t, e), sqltest.MustOpen(t, e), sqltest.MustOpen(t, e)
			var refusals []string
			script(func(in canbo.EventInput) int64 {
				return mustEvent(t, one, in).Links[0].UnitID
			}, func(l *canbo.UnitLink) {
				if err := one.LinkUnits(sys, l); err != nil {
					t.Fatal(err)
				}
			}, func(in canbo.EventInput) {
				_, err := one.RecordEvent(sys, in)
				refusals = append(refusals, fmt.Sprint(err))
			})
			inBatch := func(db *sqlstore.DB, refuse func(b *sqlstore.Batcher, in canbo.EventInput)) error {
				_, err := db.Batch(sys, "test", func(b *sqlstore.Batcher) (string, error) {
					script(func(in canbo.EventInput) int64 {
						created, err := b.Event(in)
						if err != nil {
							t.Fatalf("batch %s: %v", in.Kind, err)
						}
						if in.Kind != canbo.EventCreate {
							return 0
						}
						return created[0]
					}, func(l *canbo.UnitLink) {
						if err := b.Link(l); err != nil {
							t.Fatal(err)
						}
					}, func(in canbo.EventInput) {
						if refuse != nil {
							refuse(b, in)
						}
					})
					if refuse != nil {
						return "", errors.New("given up")
					}
					return "", nil
				})
				return err
			}
			if err := inBatch(batched, nil); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`SELECT id, hierarchy FROM units ORDER BY id`,
				`SELECT id, unit_id, valid_from, valid_to, name, code, kind, COALESCE(parent_id, 0), event_id FROM unit_versions ORDER BY id`,
				`SELECT id, kind, effective FROM events ORDER BY id`,
				`SELECT event_id, unit_id, role, partial, ended FROM event_links ORDER BY event_id, unit_id, role`,
				`SELECT from_unit, to_unit, valid_from, valid_to FROM unit_links ORDER BY id`,
			} {
				if a, b := rowsOf(t, one, q), rowsOf(t, batched, q); a != b {
					t.Errorf("%s\none by one:\n%s\nin a batch:\n%s", q, a, b)
				}
			}
			i := 0
			inBatch(refusing, func(b *sqlstore.Batcher, in canbo.EventInput) {
				_, err := b.Event(in)
				if err == nil || err.Error() != refusals[i] {
					t.Errorf("refusal %d in a batch: %v, one by one: %s", i, err, refusals[i])
				}
				i++
			})
		})
	}
}

// rowsOf returns a query's rows, one line each.
func rowsOf(t *testing.T, db *sqlstore.DB, q string) string {
	t.Helper()
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		fmt.Fprintln(&out, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
