package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var sys = canbo.SystemContext(context.Background())

// mustEvent records an event and fails the test on error.
func mustEvent(t testing.TB, db *sqlstore.DB, in canbo.EventInput) *canbo.Event {
	t.Helper()
	ev, err := db.RecordEvent(sys, in)
	if err != nil {
		t.Fatalf("record %s: %v", in.Kind, err)
	}
	return ev
}

func create(t testing.TB, db *sqlstore.DB, on, name, code, kind string, parent int64) int64 {
	t.Helper()
	h := canbo.Territory
	if strings.HasPrefix(kind, "dang") || strings.HasPrefix(kind, "chi_bo") || kind == "thanh_uy" {
		h = canbo.Party
	}
	ev := mustEvent(t, db, canbo.EventInput{Kind: canbo.EventCreate, Date: date(on),
		New: &canbo.NewUnit{Hierarchy: h, Name: name, Code: code, Kind: kind, ParentID: parent}})
	return ev.Links[0].UnitID
}

func names(units []*canbo.Unit) string {
	var s []string
	for _, u := range units {
		s = append(s, u.Name)
	}
	return strings.Join(s, ", ")
}

func children(t *testing.T, db *sqlstore.DB, ctx context.Context, parent int64, on string) string {
	t.Helper()
	units, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: parent, AsOf: date(on)})
	if err != nil {
		t.Fatal(err)
	}
	return names(units)
}

// tree builds a small territory: a province with two districts and three wards.
type tree struct{ province, d1, d2, w1, w2, w3 int64 }

func smallTree(t testing.TB, db *sqlstore.DB) tree {
	var tr tree
	tr.province = create(t, db, "2000-01-01", "Thành phố Hồ Chí Minh", "79", "thanh_pho_tw", 0)
	tr.d1 = create(t, db, "2000-01-01", "Quận 1", "760", "quan", tr.province)
	tr.d2 = create(t, db, "2000-01-01", "Quận 3", "770", "quan", tr.province)
	tr.w1 = create(t, db, "2000-01-01", "Phường Bến Nghé", "26740", "phuong", tr.d1)
	tr.w2 = create(t, db, "2000-01-01", "Phường Đa Kao", "26737", "phuong", tr.d1)
	tr.w3 = create(t, db, "2000-01-01", "Phường Võ Thị Sáu", "27139", "phuong", tr.d2)
	return tr
}

func TestUnitsAsOf(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventRename, Date: date("2020-01-01"), UnitID: tr.w2, Name: "Phường Đakao"})
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2021-01-01"), UnitID: tr.w3, ParentID: tr.d1})

		for _, c := range []struct{ on, parent, want string }{
			{"2019-12-31", "d1", "Phường Bến Nghé, Phường Đa Kao"},
			{"2020-01-01", "d1", "Phường Bến Nghé, Phường Đakao"},
			{"2021-01-01", "d1", "Phường Bến Nghé, Phường Đakao, Phường Võ Thị Sáu"},
			{"2020-12-31", "d2", "Phường Võ Thị Sáu"},
			{"2021-01-01", "d2", ""},
			{"1999-12-31", "d1", ""},
		} {
			parent := map[string]int64{"d1": tr.d1, "d2": tr.d2}[c.parent]
			if got := children(t, db, sys, parent, c.on); got != c.want {
				t.Errorf("children of %s on %s = %q, want %q", c.parent, c.on, got, c.want)
			}
		}
		units, total, err := db.FindUnits(sys, canbo.UnitFilter{Under: tr.province, AsOf: date("2021-06-01"), Tier: canbo.TierCommune})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || len(units) != 3 {
			t.Errorf("communes under province = %d (%s), want 3", total, names(units))
		}
		u, err := db.FindUnit(sys, tr.w2, date("2019-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != "Phường Đa Kao" || u.Code != "26737" || u.Tier != canbo.TierCommune || u.ParentID != tr.d1 {
			t.Errorf("unit as of 2019 = %+v", u)
		}
		// Accent-free search.
		units, _, err = db.FindUnits(sys, canbo.UnitFilter{Q: "vo thi sau", AsOf: date("2021-06-01")})
		if err != nil || len(units) != 1 || units[0].ID != tr.w3 {
			t.Errorf("search vo thi sau = %s, %v", names(units), err)
		}
		// Codes are per date: the code finds the unit only while it holds it.
		units, _, _ = db.FindUnits(sys, canbo.UnitFilter{Code: "26737", AsOf: date("2021-06-01")})
		if len(units) != 1 || units[0].ID != tr.w2 {
			t.Errorf("code 26737 = %s", names(units))
		}
	})
}

func TestMergeAndSplit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		cell := create(t, db, "2000-01-01", "Chi bộ Khu phố 1", "", "chi_bo_truc_thuoc", create(t, db, "2000-01-01", "Đảng bộ phường Bến Nghé", "", "dang_uy",
			create(t, db, "2000-01-01", "Đảng bộ Thành phố", "", "thanh_uy", 0)))
		_ = cell
		// Bến Nghé whole and part of Đa Kao become the new Phường Sài Gòn, which takes
		// Bến Nghé's code; Quận 1 is dissolved once empty.
		ev := mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
			Document: canbo.Document{Number: "1685/NQ-UBTVQH15", Issuer: "UBTVQH"},
			Sources:  []canbo.Source{{UnitID: tr.w1}, {UnitID: tr.w2, Partial: true}},
			Targets:  []canbo.Target{{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường Sài Gòn", Code: "26740", Kind: "phuong", ParentID: tr.province}}}})
		saigon := ev.Links[len(ev.Links)-1].UnitID
		if got := children(t, db, sys, tr.province, "2025-07-01"); got != "Phường Sài Gòn, Quận 1, Quận 3" {
			t.Errorf("province children after merge = %q", got)
		}
		if got := children(t, db, sys, tr.d1, "2025-07-01"); got != "Phường Đa Kao" {
			t.Errorf("Quận 1 children after merge = %q (partial source continues, whole one ends)", got)
		}
		// The rest of Đa Kao goes to an existing ward; the last partial link ends it.
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
			Sources: []canbo.Source{{UnitID: tr.w2, Partial: true, End: true}}, Targets: []canbo.Target{{UnitID: tr.w3}}})
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2025-07-01"), UnitID: tr.d1})

		units, _, _ := db.FindUnits(sys, canbo.UnitFilter{Code: "26740", AsOf: date("2025-06-30")})
		if len(units) != 1 || units[0].ID != tr.w1 {
			t.Errorf("26740 on 2025-06-30 = %s, want Bến Nghé", names(units))
		}
		units, _, _ = db.FindUnits(sys, canbo.UnitFilter{Code: "26740", AsOf: date("2025-07-01")})
		if len(units) != 1 || units[0].ID != saigon {
			t.Errorf("26740 on 2025-07-01 = %s, want Sài Gòn", names(units))
		}
		hist, err := db.UnitHistory(sys, saigon, date("2025-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1 || hist[0].Kind != canbo.EventMerge || hist[0].Document.Number != "1685/NQ-UBTVQH15" {
			t.Fatalf("history of Sài Gòn = %+v", hist)
		}
		var preds []string
		for _, l := range hist[0].Links {
			if l.Role == canbo.RolePredecessor {
				s := l.Name
				if l.Partial {
					s += " (một phần)"
				}
				preds = append(preds, s)
			}
		}
		if got, want := strings.Join(preds, ", "), "Phường Bến Nghé, Phường Đa Kao (một phần)"; got != want {
			t.Errorf("predecessors = %q, want %q", got, want)
		}
		// The dissolved district keeps its history and its page.
		u, err := db.FindUnitEver(sys, tr.d1, date("2026-01-01"))
		if err != nil || u.Name != "Quận 1" || !u.ValidTo.Equal(date("2025-07-01")) {
			t.Errorf("FindUnitEver(Quận 1) = %+v, %v", u, err)
		}
		hist, _ = db.UnitHistory(sys, tr.w2, date("2026-01-01"))
		if len(hist) != 3 {
			t.Errorf("Đa Kao has %d events, want create + 2 merges", len(hist))
		}

		// Split: Võ Thị Sáu into two new wards, future-dated.
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventSplit, Date: date("2030-01-01"),
			Sources: []canbo.Source{{UnitID: tr.w3}},
			Targets: []canbo.Target{
				{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường A", Kind: "phuong", ParentID: tr.d2}},
				{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường B", Kind: "phuong", ParentID: tr.d2}}}})
		if got := children(t, db, sys, tr.d2, "2029-12-31"); got != "Phường Võ Thị Sáu" {
			t.Errorf("before the future split: %q", got)
		}
		if got := children(t, db, sys, tr.d2, "2030-01-01"); got != "Phường A, Phường B" {
			t.Errorf("after the future split: %q", got)
		}
	})
}

// TestMergeMovesChildren: children of a unit merged whole follow it into the target.
func TestMergeMovesChildren(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2024-01-01"),
			Sources: []canbo.Source{{UnitID: tr.d2}}, Targets: []canbo.Target{{UnitID: tr.d1}}})
		if got := children(t, db, sys, tr.d1, "2024-01-01"); got != "Phường Bến Nghé, Phường Đa Kao, Phường Võ Thị Sáu" {
			t.Errorf("children after merge = %q", got)
		}
		if got := children(t, db, sys, tr.d2, "2023-12-31"); got != "Phường Võ Thị Sáu" {
			t.Errorf("history lost: children before merge = %q", got)
		}
	})
}

func TestEventBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventRename, Date: date("2025-01-01"), UnitID: tr.w3, Name: "Phường 7"})
		code := func(s string) *string { return &s }
		for _, c := range []struct {
			name  string
			in    canbo.EventInput
			field string
			msg   string
		}{
			{"unknown parent", canbo.EventInput{Kind: canbo.EventCreate, Date: date("2020-01-01"),
				New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "X", Kind: "phuong", ParentID: 999999}}, "new", "không tồn tại"},
			{"cycle", canbo.EventInput{Kind: canbo.EventMove, Date: date("2020-01-01"), UnitID: tr.d1, ParentID: tr.w1}, "parent_id", "vòng lặp"},
			{"into itself", canbo.EventInput{Kind: canbo.EventMove, Date: date("2020-01-01"), UnitID: tr.d1, ParentID: tr.d1}, "parent_id", "chính nó"},
			{"merge into a unit not existing that day", canbo.EventInput{Kind: canbo.EventMerge, Date: date("1999-01-01"),
				Sources: []canbo.Source{{UnitID: tr.w1}}, Targets: []canbo.Target{{UnitID: tr.w2}}}, "targets", "không tồn tại vào ngày 01/01/1999"},
			{"event before the unit existed", canbo.EventInput{Kind: canbo.EventRename, Date: date("1990-01-01"), UnitID: tr.w1, Name: "Y"}, "unit_id", "không tồn tại"},
			{"event before a later change", canbo.EventInput{Kind: canbo.EventRename, Date: date("2024-01-01"), UnitID: tr.w3, Name: "Y"}, "unit_id", "theo thứ tự thời gian"},
			{"duplicate code on the same day", canbo.EventInput{Kind: canbo.EventRename, Date: date("2020-01-01"), UnitID: tr.w2, Code: code("26740")}, "code", "trùng"},
			{"duplicate code of a new unit", canbo.EventInput{Kind: canbo.EventCreate, Date: date("2020-01-01"),
				New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường Mới", Code: "26737", Kind: "phuong", ParentID: tr.d1}}, "code", "trùng"},
			{"dissolve with children", canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2020-01-01"), UnitID: tr.d1}, "unit_id", "trực thuộc"},
			{"kind of another hierarchy", canbo.EventInput{Kind: canbo.EventChangeKind, Date: date("2020-01-01"), UnitID: tr.w1, UnitKind: "chi_bo_co_so"}, "unit_kind", "không thuộc hệ thống"},
			{"unknown kind", canbo.EventInput{Kind: canbo.EventChangeKind, Date: date("2020-01-01"), UnitID: tr.w1, UnitKind: "nope"}, "unit_kind", "không có trong danh mục"},
			{"empty name", canbo.EventInput{Kind: canbo.EventCreate, Date: date("2020-01-01"),
				New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: " \t", Kind: "phuong", ParentID: tr.d1}}, "new", "trống"},
			{"bad code", canbo.EventInput{Kind: canbo.EventRename, Date: date("2020-01-01"), UnitID: tr.w1, Code: code("26 740;--")}, "code", "không hợp lệ"},
			{"no date", canbo.EventInput{Kind: canbo.EventRename, UnitID: tr.w1, Name: "Y"}, "date", "1900"},
			{"unknown event kind", canbo.EventInput{Kind: "teleport", Date: date("2020-01-01")}, "kind", "không được hỗ trợ"},
			{"split into one without partial", canbo.EventInput{Kind: canbo.EventSplit, Date: date("2020-01-01"),
				Sources: []canbo.Source{{UnitID: tr.w1}}, Targets: []canbo.Target{{UnitID: tr.w2}}}, "targets", "ít nhất hai"},
			{"merge without target", canbo.EventInput{Kind: canbo.EventMerge, Date: date("2020-01-01"),
				Sources: []canbo.Source{{UnitID: tr.w1}}}, "targets", "đúng một"},
			{"merge a unit into itself", canbo.EventInput{Kind: canbo.EventMerge, Date: date("2020-01-01"),
				Sources: []canbo.Source{{UnitID: tr.w1}}, Targets: []canbo.Target{{UnitID: tr.w1}}}, "sources", "hai lần"},
			{"whole merge into a new unit whose code clashes, after ending a source", canbo.EventInput{Kind: canbo.EventMerge, Date: date("2020-01-01"),
				Sources: []canbo.Source{{UnitID: tr.w1}}, Targets: []canbo.Target{{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Z", Code: "26737", Kind: "phuong", ParentID: tr.d1}}}}, "code", "trùng"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := counts(t, db)
				_, err := db.RecordEvent(sys, c.in)
				var e *canbo.Error
				if err == nil {
					t.Fatal("accepted, want refusal")
				}
				if !asError(err, &e) || e.Code != canbo.EINVALID || e.Field != c.field || !strings.Contains(e.Message, c.msg) {
					t.Fatalf("got %v, want invalid %s containing %q", err, c.field, c.msg)
				}
				if after := counts(t, db); after != before {
					t.Errorf("half-written: rows %v → %v", before, after)
				}
			})
		}
	})
}

func asError(err error, e **canbo.Error) bool {
	ce, ok := err.(*canbo.Error)
	*e = ce
	return ok
}

// counts fingerprints the organization tables, to show a refused event wrote nothing.
func counts(t *testing.T, db *sqlstore.DB) [4]int {
	t.Helper()
	var c [4]int
	for i, q := range []string{"SELECT COUNT(*) FROM units", "SELECT COUNT(*) FROM unit_versions",
		"SELECT COUNT(*) FROM events", "SELECT COUNT(*) FROM unit_versions WHERE valid_to = '9999-12-31'"} {
		if err := db.SQL().QueryRow(q).Scan(&c[i]); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func TestPreviewWritesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		before := counts(t, db)
		after, err := db.PreviewEvent(sys, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
			Sources: []canbo.Source{{UnitID: tr.w2}}, Targets: []canbo.Target{{UnitID: tr.w1}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(after[tr.d1]); got != "Phường Bến Nghé" {
			t.Errorf("preview of Quận 1 = %q", got)
		}
		if counts(t, db) != before {
			t.Error("preview wrote to the database")
		}
	})
}

func TestScope(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Role: canbo.RoleOfficer, Scope: []int64{tr.d1}})
		if got := children(t, db, officer, tr.d1, "2020-01-01"); got != "Phường Bến Nghé, Phường Đa Kao" {
			t.Errorf("in scope: %q", got)
		}
		units, total, err := db.FindUnits(officer, canbo.UnitFilter{AsOf: date("2020-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 {
			t.Errorf("officer of Quận 1 sees %d units (%s), want Quận 1 and its 2 wards", total, names(units))
		}
		for _, id := range []int64{tr.province, tr.d2, tr.w3} {
			if _, err := db.FindUnit(officer, id, date("2020-01-01")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
				t.Errorf("unit %d outside scope: err = %v, want not found", id, err)
			}
			if _, err := db.UnitHistory(officer, id, date("2020-01-01")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
				t.Errorf("history of %d outside scope: err = %v, want not found", id, err)
			}
		}
		// Moving a ward into scope makes it visible from that date only.
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2022-01-01"), UnitID: tr.w3, ParentID: tr.d1})
		if _, err := db.FindUnit(officer, tr.w3, date("2022-01-01")); err != nil {
			t.Errorf("moved into scope: %v", err)
		}
		if _, err := db.FindUnit(officer, tr.w3, date("2021-12-31")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("before the move: %v, want not found", err)
		}
		// An officer cannot touch units outside the scope; a viewer cannot change anything.
		_, err = db.RecordEvent(officer, canbo.EventInput{Kind: canbo.EventRename, Date: date("2023-01-01"), UnitID: tr.d2, Name: "X"})
		if canbo.ErrorCode(err) != canbo.EINVALID || !strings.Contains(canbo.ErrorMessage(err), "không tồn tại") {
			t.Errorf("rename outside scope: %v", err)
		}
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Role: canbo.RoleViewer, Scope: []int64{tr.d1}})
		_, err = db.RecordEvent(viewer, canbo.EventInput{Kind: canbo.EventRename, Date: date("2023-01-01"), UnitID: tr.w1, Name: "X"})
		if canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("viewer rename: %v, want forbidden", err)
		}
		// No user, no scope: nothing.
		units, _, _ = db.FindUnits(context.Background(), canbo.UnitFilter{AsOf: date("2020-01-01")})
		if len(units) != 0 {
			t.Errorf("anonymous context sees %d units", len(units))
		}
	})
}

func TestLinks(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		party := create(t, db, "2000-01-01", "Đảng bộ phường Bến Nghé", "", "thanh_uy", 0)
		l := &canbo.UnitLink{From: party, To: tr.w1, Relation: canbo.RelationBelongsTo, Start: date("2000-01-01")}
		if err := db.LinkUnits(sys, l); err != nil {
			t.Fatal(err)
		}
		links, err := db.UnitLinks(sys, tr.w1, date("2020-01-01"))
		if err != nil || len(links) != 1 || links[0].Other.ID != party {
			t.Fatalf("links of the ward = %+v, %v", links, err)
		}
		err = db.LinkUnits(sys, &canbo.UnitLink{From: tr.w2, To: tr.w1, Relation: canbo.RelationBelongsTo, Start: date("2000-01-01")})
		if canbo.ErrorCode(err) != canbo.EINVALID {
			t.Errorf("link within one hierarchy: %v, want invalid", err)
		}
		// A user scoped to the ward does not see the link to a party unit outside the scope.
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Role: canbo.RoleOfficer, Scope: []int64{tr.w1}})
		links, err = db.UnitLinks(officer, tr.w1, date("2020-01-01"))
		if err != nil || len(links) != 0 {
			t.Errorf("scoped links = %d, %v; want none", len(links), err)
		}
	})
}
