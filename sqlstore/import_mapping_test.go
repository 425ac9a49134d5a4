package sqlstore_test

import (
	"context"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestImportMappings: a user saves a mapping profile, saves it again under the same name (it is
// replaced, not doubled), sees only their own profiles while system work sees all; an unknown
// field, an empty name or no mapped column is refused naming the field, and writes nothing; a
// user cannot delete another's profile; saves and deletions are audited. Both engines.
func TestImportMappings(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		hash, _ := auth.HashPassword("ngựa đỏ ăn cỏ xanh")
		as := func(name string) context.Context {
			u := &canbo.User{Username: name, Role: canbo.RoleOfficer, Scope: []int64{tr.d1}}
			if err := db.CreateUser(sys, u, hash); err != nil {
				t.Fatal(err)
			}
			return canbo.NewContextWithUser(context.Background(), u)
		}
		an, binh := as("an"), as("binh")
		cols := []canbo.MappedColumn{{Header: "Họ và tên", Field: "full_name"}, {Header: "Sinh hoạt ở", Field: "party_cell"}, {Header: "STT", Field: ""}}
		m := &canbo.ImportMapping{Name: " Danh sách chi bộ ", Signature: "abc", Columns: cols}
		if err := db.SaveImportMapping(an, m); err != nil {
			t.Fatal(err)
		}
		again := &canbo.ImportMapping{Name: "Danh sách chi bộ", Signature: "def", Columns: cols[:1]}
		if err := db.SaveImportMapping(an, again); err != nil {
			t.Fatal(err)
		}
		if again.ID != m.ID {
			t.Errorf("saved again as %d, want the same profile %d", again.ID, m.ID)
		}
		if err := db.SaveImportMapping(binh, &canbo.ImportMapping{Name: "Của Bình", Signature: "abc", Columns: cols}); err != nil {
			t.Fatal(err)
		}
		mine, err := db.ImportMappings(an)
		if err != nil || len(mine) != 1 || mine[0].Name != "Danh sách chi bộ" || mine[0].Signature != "def" || len(mine[0].Columns) != 1 {
			t.Fatalf("an's profiles = %+v, %v", mine, err)
		}
		if all, err := db.ImportMappings(sys); err != nil || len(all) != 2 {
			t.Errorf("system sees %d profiles, %v, want 2", len(all), err)
		}
		for _, c := range []struct {
			m     canbo.ImportMapping
			field string
		}{
			{canbo.ImportMapping{Name: "x", Signature: "s", Columns: []canbo.MappedColumn{{Header: "A", Field: "shoe_size"}}}, "columns"},
			{canbo.ImportMapping{Name: "  ", Signature: "s", Columns: cols}, "mapping_name"},
			{canbo.ImportMapping{Name: "y", Signature: "s", Columns: []canbo.MappedColumn{{Header: "A"}}}, "columns"},
		} {
			err := db.SaveImportMapping(an, &c.m)
			if e, ok := err.(*canbo.Error); !ok || e.Field != c.field {
				t.Errorf("save %+v: %v, want refused on %s", c.m, err, c.field)
			}
		}
		if mine, _ := db.ImportMappings(an); len(mine) != 1 {
			t.Errorf("refused saves wrote: %d profiles", len(mine))
		}
		if err := db.DeleteImportMapping(binh, m.ID); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("another user's delete: %v, want not found", err)
		}
		if err := db.DeleteImportMapping(an, m.ID); err != nil {
			t.Fatal(err)
		}
		if mine, _ := db.ImportMappings(an); len(mine) != 0 {
			t.Errorf("after delete: %+v", mine)
		}
		for action, want := range map[string]int{"import.mapping.save": 3, "import.mapping.delete": 1} {
			if _, n, err := db.AuditEvents(sys, audit.Filter{Action: action}); err != nil || n != want {
				t.Errorf("%s audit events = %d, %v, want %d", action, n, err, want)
			}
		}
	})
}
