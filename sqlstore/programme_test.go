package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// programmeFixture is the people fixture with a 2024 programme of the city and a head whose
// only post starts in June 2024.
type programmeFixture struct {
	*peopleFixture
	prog     *canbo.Programme
	lateHead int64
}

func newProgrammeFixture(t *testing.T, db *sqlstore.DB) *programmeFixture {
	t.Helper()
	f := &programmeFixture{peopleFixture: newPeople(t, db)}
	p := &canbo.Person{FamilyName: "Võ", MiddleName: "Thành", GivenName: "Trung", Sex: canbo.Male, BirthDate: "1972"}
	if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w2, Title: "Bí thư", Primary: true, From: "2024-06-01"}, nil); err != nil {
		t.Fatal(err)
	}
	f.lateHead = p.ID
	f.prog = &canbo.Programme{OwnerUnitID: f.province, Year: 2024, Title: "Chương trình làm việc năm 2024 của Thành ủy", Theme: "Năm đột phá"}
	if err := db.CreateProgramme(sys, f.prog); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *programmeFixture) item(t *testing.T, db *sqlstore.DB, ctx context.Context, title, due string, arising bool, head, unit int64) int64 {
	t.Helper()
	it := &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: title, Kind: canbo.ItemReport, Arising: arising, Due: due,
		HeadPersonID: head, PresidingUnitID: unit}
	if err := db.AddItem(ctx, it); err != nil {
		t.Fatalf("add item %q: %v", title, err)
	}
	return it.ID
}

func status(t *testing.T, db *sqlstore.DB, item int64, s canbo.ItemStatus, on, newDue string) {
	t.Helper()
	if err := db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: item, Status: s, On: on, NewDue: newDue, Note: "ghi chú"}); err != nil {
		t.Fatalf("status %s on %s: %v", s, on, err)
	}
}

func rowCount(t *testing.T, db *sqlstore.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestProgrammeBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newProgrammeFixture(t, db)
		head := f.ids["Lê Văn An"]
		ok := f.item(t, db, sys, "Báo cáo sơ kết 6 tháng", "2024-06-30", false, head, f.d1)
		status(t, db, ok, canbo.StatusInProgress, "2024-03-01", "")
		cancelled := f.item(t, db, sys, "Hội nghị chuyên đề", "2024-09-30", false, head, f.d1)
		status(t, db, cancelled, canbo.StatusCancelled, "2024-05-01", "")
		items, statuses := rowCount(t, db, "programme_items"), rowCount(t, db, "programme_item_statuses")
		for _, c := range []struct {
			name  string
			err   error
			field string
		}{
			{"head without a post on the first day", db.AddItem(sys, &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "X", Due: "2024-10-01",
				HeadPersonID: f.lateHead, PresidingUnitID: f.d1}), "head_person_id"},
			{"unknown head", db.AddItem(sys, &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "X", Due: "2024-10-01",
				HeadPersonID: 99999, PresidingUnitID: f.d1}), "head_person_id"},
			{"scheduled deadline in another year", db.AddItem(sys, &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "X", Due: "2025-01-15",
				HeadPersonID: head, PresidingUnitID: f.d1}), "due"},
			{"no deadline", db.AddItem(sys, &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "X", HeadPersonID: head, PresidingUnitID: f.d1}), "due"},
			{"no presiding unit", db.AddItem(sys, &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "X", Due: "2024-10-01", HeadPersonID: head}), "presiding_unit_id"},
			{"status before the item exists", db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: ok, Status: canbo.StatusSubmitted, On: "2023-12-31"}), "on"},
			{"status before the previous one", db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: ok, Status: canbo.StatusSubmitted, On: "2024-02-28"}), "on"},
			{"done after cancelled", db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: cancelled, Status: canbo.StatusDone, On: "2024-06-01"}), "status"},
			{"postponed without a new deadline", db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: ok, Status: canbo.StatusPostponed, On: "2024-06-01"}), "new_due"},
			{"new deadline without postponement", db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: ok, Status: canbo.StatusDone, On: "2024-06-01", NewDue: "2024-07-01"}), "new_due"},
			{"unknown status", db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: ok, Status: "finished", On: "2024-06-01"}), "status"},
			{"programme year", db.CreateProgramme(sys, &canbo.Programme{OwnerUnitID: f.province, Year: 24, Title: "X"}), "year"},
		} {
			var e *canbo.Error
			if !asError(c.err, &e) || e.Code != canbo.EINVALID || e.Field != c.field || e.Message == "" {
				t.Errorf("%s: got %v, want an invalid %s", c.name, c.err, c.field)
			}
		}
		if n, m := rowCount(t, db, "programme_items"), rowCount(t, db, "programme_item_statuses"); n != items || m != statuses {
			t.Errorf("refused input wrote rows: items %d → %d, statuses %d → %d", items, n, statuses, m)
		}
		// The same head is fine for an arising item in June, and a scheduled deadline on the
		// year's last day is in the year.
		late := &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "Việc đột xuất", Arising: true, Due: "2025-01-15", Created: "2024-06-15",
			HeadPersonID: f.lateHead, PresidingUnitID: f.w2}
		if err := db.AddItem(sys, late); err != nil {
			t.Errorf("arising item of a head appointed in June: %v", err)
		}
		if err := db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: late.ID, Status: canbo.StatusInProgress, On: "2024-06-14"}); canbo.ErrorField(err) != "on" {
			t.Errorf("status before an arising item's day: %v", err)
		}
		f.item(t, db, sys, "Tổng kết năm", "2024-12-31", false, head, f.d1)
	})
}

func TestProgrammeScopeAndAudit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newProgrammeFixture(t, db)
		inW3 := f.item(t, db, sys, "Đề án chuyển đổi số phường", "2024-08-31", false, f.ids["Phạm Ngọc Ư"], f.w3)
		f.item(t, db, sys, "Báo cáo của Quận 1", "2024-08-31", false, f.ids["Lê Văn An"], f.d1)
		ward := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "phuong", Role: canbo.RoleOfficer, Scope: []int64{f.w3}})
		other := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "khac", Role: canbo.RoleOfficer, Scope: []int64{f.w2}})
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Username: "xem", Role: canbo.RoleViewer, Scope: []int64{f.province}})

		p, err := db.Programme(ward, f.prog.ID, date("2024-09-01"))
		if err != nil || len(p.Items) != 1 || p.Items[0].ID != inW3 {
			t.Fatalf("ward officer sees %+v, %v; want only the ward's item", p, err)
		}
		if p.Items[0].HeadPost != "Chuyên viên, Phường Võ Thị Sáu" {
			t.Errorf("head shown with %q", p.Items[0].HeadPost)
		}
		if _, err := db.Programme(other, f.prog.ID, date("2024-09-01")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("out of scope: %v, want not found", err)
		}
		if _, err := db.Completion(other, f.prog.ID, date("2024-09-01")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("completion out of scope: %v", err)
		}
		if list, err := db.Programmes(other, canbo.ProgrammeFilter{}); err != nil || len(list) != 0 {
			t.Errorf("list out of scope: %v, %v", list, err)
		}
		if list, err := db.Programmes(ward, canbo.ProgrammeFilter{Year: 2024}); err != nil || len(list) != 1 || list[0].ItemCount != 1 {
			t.Errorf("ward's list: %+v, %v", list, err)
		}
		if err := db.AddStatus(other, &canbo.ItemStatusChange{ItemID: inW3, Status: canbo.StatusDone, On: "2024-08-01"}); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("status out of scope: %v", err)
		}
		if err := db.AddStatus(viewer, &canbo.ItemStatusChange{ItemID: inW3, Status: canbo.StatusDone, On: "2024-08-01"}); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("status by a viewer: %v", err)
		}
		if err := db.AddItem(ward, &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "X", Due: "2024-10-01",
			HeadPersonID: f.ids["Phạm Ngọc Ư"], PresidingUnitID: f.w3}); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("item added by a presiding unit's officer: %v", err)
		}
		if err := db.AddStatus(ward, &canbo.ItemStatusChange{ItemID: inW3, Status: canbo.StatusDone, On: "2024-08-01"}); err != nil {
			t.Fatalf("status by the presiding ward: %v", err)
		}
		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		file := &canbo.EvidenceFile{ItemID: inW3, Name: `C:\scan\biên bản "nghiệm thu".pdf`}
		if err := db.AddEvidence(ward, file, pdf); err != nil {
			t.Fatal(err)
		}
		if file.ContentType != "application/pdf" || file.Name != "biên bản nghiệm thu.pdf" || len(file.SHA256) != 64 {
			t.Errorf("stored file %+v", file)
		}
		if err := db.AddEvidence(ward, &canbo.EvidenceFile{ItemID: inW3, Name: "x.pdf"}, []byte("<html><script>alert(1)</script>")); canbo.ErrorField(err) != "file" {
			t.Errorf("HTML as evidence: %v", err)
		}
		if _, _, err := db.Evidence(other, inW3, file.ID); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("download out of scope: %v", err)
		}
		got, data, err := db.Evidence(viewer, inW3, file.ID)
		if err != nil || string(data) != string(pdf) || got.SHA256 != file.SHA256 {
			t.Fatalf("download: %+v, %v", got, err)
		}
		for action, want := range map[string]int{"programme.create": 1, "programme.item.create": 2, "programme.item.status": 1,
			"programme.evidence.upload": 1, "programme.evidence.download": 1} {
			evs, _, err := db.AuditEvents(sys, audit.Filter{Action: action})
			if err != nil || len(evs) != want {
				t.Errorf("audit %s: %d events, %v; want %d", action, len(evs), err, want)
			}
		}
	})
}

// oracle is the definitions of the issue written out a second way: every status of an item
// replayed up to the day, without package programme.
type oracleItem struct {
	arising  bool
	due      string
	head     int64
	statuses []canbo.ItemStatusChange
}

func oracle(items []oracleItem, d string) (sched, ar canbo.CompletionCounts, heads map[int64][3]int) {
	heads = map[int64][3]int{}
	inForce := func(it oracleItem, x string) string {
		dl, last := it.due, ""
		for _, s := range it.statuses {
			if s.Status == canbo.StatusPostponed && s.On <= x && s.On >= last {
				dl, last = s.NewDue, s.On
			}
		}
		return dl
	}
	for _, it := range items {
		c := &sched
		if it.arising {
			c = &ar
		}
		var cancelled, postponed bool
		doneOn := ""
		for _, s := range it.statuses {
			if s.On > d {
				continue
			}
			cancelled = cancelled || s.Status == canbo.StatusCancelled
			postponed = postponed || s.Status == canbo.StatusPostponed
			if s.Status == canbo.StatusDone && (doneOn == "" || s.On < doneOn) {
				doneOn = s.On
			}
		}
		if cancelled {
			c.Cancelled++
			continue
		}
		c.Total++
		h := heads[it.head]
		if postponed {
			c.Postponed++
		}
		switch {
		case doneOn != "" && doneOn <= inForce(it, doneOn):
			c.DoneOnTime++
			c.Due++
			h[0]++
			h[1]++
		case doneOn != "":
			c.DoneLate++
			c.Due++
			h[0]++
			h[1]++
		case inForce(it, d) < d:
			c.Overdue++
			c.Due++
			h[0]++
			h[2]++
		case inForce(it, d) == d:
			c.Due++
			h[0]++
		}
		heads[it.head] = h
	}
	for _, c := range []*canbo.CompletionCounts{&sched, &ar} {
		c.Rate = 1
		if c.Due > 0 {
			c.Rate = float64(c.DoneOnTime+c.DoneLate) / float64(c.Due)
		}
	}
	return sched, ar, heads
}

// TestCompletionOracle records random items and histories and compares the store's figures
// with the oracle on many days, on both engines.
func TestCompletionOracle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newProgrammeFixture(t, db)
		rng := rand.New(rand.NewSource(15))
		heads := []int64{f.ids["Lê Văn An"], f.ids["Phạm Ngọc Ư"], f.ids["Trần Thị Ánh"]}
		units := []int64{f.d1, f.d2, f.w1}
		start := date("2024-01-01")
		dayN := func(n int) string { return start.AddDate(0, 0, n).Format("2006-01-02") }
		var items []oracleItem
		for i := 0; i < 40; i++ {
			arising := rng.Intn(3) == 0
			due := dayN(rng.Intn(365))
			if arising && rng.Intn(4) == 0 {
				due = dayN(365 + rng.Intn(40))
			}
			head := heads[rng.Intn(len(heads))]
			id := f.item(t, db, sys, fmt.Sprintf("Nhiệm vụ %d", i), due, arising, head, units[rng.Intn(len(units))])
			oi := oracleItem{arising: arising, due: due, head: head}
			on := rng.Intn(60)
			for step := 0; step < 4 && on < 420; step++ {
				var s canbo.ItemStatusChange
				switch r := rng.Intn(10); {
				case r < 3:
					s = canbo.ItemStatusChange{Status: canbo.StatusInProgress}
				case r < 5:
					s = canbo.ItemStatusChange{Status: canbo.StatusPostponed, NewDue: dayN(on + rng.Intn(120) - 10)}
				case r < 6:
					s = canbo.ItemStatusChange{Status: canbo.StatusSubmitted}
				case r < 9:
					s = canbo.ItemStatusChange{Status: canbo.StatusDone}
				default:
					s = canbo.ItemStatusChange{Status: canbo.StatusCancelled}
				}
				s.ItemID, s.On = id, dayN(on)
				if err := db.AddStatus(sys, &s); err != nil {
					t.Fatalf("item %d: %+v: %v", i, s, err)
				}
				oi.statuses = append(oi.statuses, s)
				if s.Status == canbo.StatusDone || s.Status == canbo.StatusCancelled {
					break
				}
				on += rng.Intn(90) // the same day twice is allowed
			}
			items = append(items, oi)
		}
		for _, d := range []string{"2023-12-31", "2024-01-01", "2024-03-15", "2024-06-30", "2024-07-01", "2024-09-30", "2024-12-31", "2025-02-01"} {
			c, err := db.Completion(sys, f.prog.ID, date(d))
			if err != nil {
				t.Fatal(err)
			}
			s, a, h := oracle(items, d)
			if c.Scheduled != s || c.Arising != a {
				t.Errorf("%s: scheduled %+v arising %+v\nwant      %+v         %+v", d, c.Scheduled, c.Arising, s, a)
			}
			if len(c.ByHead) != len(h) {
				t.Errorf("%s: %d heads, want %d", d, len(c.ByHead), len(h))
			}
			for _, bh := range c.ByHead {
				if w := h[bh.PersonID]; [3]int{bh.Due, bh.Done, bh.Overdue} != w {
					t.Errorf("%s: head %d: %+v, want due/done/overdue %v", d, bh.PersonID, bh, w)
				}
			}
		}
	})
}

func TestProgrammeCascade(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newProgrammeFixture(t, db)
		parent := f.item(t, db, sys, "Triển khai Nghị quyết về chuyển đổi số", "2024-09-30", false, f.ids["Lê Văn An"], f.d1)
		district := &canbo.Programme{OwnerUnitID: f.d1, Year: 2024, Title: "Chương trình công tác năm 2024 của Quận 1"}
		if err := db.CreateProgramme(sys, district); err != nil {
			t.Fatal(err)
		}
		sub := func(title, due string, parentID int64) (int64, error) {
			it := &canbo.ProgrammeItem{ProgrammeID: district.ID, Title: title, Due: due, HeadPersonID: f.ids["Nguyễn Phước Lộc"],
				PresidingUnitID: f.w1, ParentItemID: parentID}
			err := db.AddItem(sys, it)
			return it.ID, err
		}
		a, err := sub("Phường Bến Nghé triển khai", "2024-06-30", parent)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sub("Phường Đa Kao triển khai", "2024-08-31", parent); err != nil {
			t.Fatal(err)
		}
		status(t, db, a, canbo.StatusDone, "2024-07-05", "")
		it, err := db.Item(sys, parent, date("2024-07-31"))
		if err != nil {
			t.Fatal(err)
		}
		want := canbo.CompletionCounts{Total: 2, Due: 1, DoneLate: 1, Rate: 1}
		if len(it.SubItems) != 2 || it.SubCompletion == nil || *it.SubCompletion != want {
			t.Errorf("sub-items %d, rolled up %+v, want %+v", len(it.SubItems), it.SubCompletion, want)
		}
		// A ward officer sees its own sub-item under the city's item, and only that one.
		ward := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "bn", Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		if it, err := db.Item(ward, a, date("2024-07-31")); err != nil || it.ParentItemID != parent {
			t.Errorf("ward's sub-item: %+v, %v", it, err)
		}
		// Delegation goes down the tree, within the year.
		other := &canbo.Programme{OwnerUnitID: f.d2, Year: 2025, Title: "Chương trình năm 2025 của Quận 3"}
		if err := db.CreateProgramme(sys, other); err != nil {
			t.Fatal(err)
		}
		up := &canbo.ProgrammeItem{ProgrammeID: f.prog.ID, Title: "Ngược lên", Due: "2024-10-01", HeadPersonID: f.ids["Lê Văn An"], PresidingUnitID: f.d1, ParentItemID: a}
		if err := db.AddItem(sys, up); canbo.ErrorField(err) != "parent_item_id" {
			t.Errorf("delegating upwards: %v", err)
		}
		next := &canbo.ProgrammeItem{ProgrammeID: other.ID, Title: "Năm sau", Due: "2025-10-01", HeadPersonID: f.ids["Phạm Ngọc Ư"], PresidingUnitID: f.w3, ParentItemID: parent}
		if err := db.AddItem(sys, next); canbo.ErrorField(err) != "parent_item_id" {
			t.Errorf("delegating into another year: %v", err)
		}
	})
}

// BenchmarkProgramme reads a 300-item programme with three statuses an item: its figures (the
// completion API) and the programme with its heads' posts (the page).
func BenchmarkProgramme(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.MustOpen(b, e)
			ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: date("2000-01-01"),
				New: &canbo.NewUnit{Hierarchy: canbo.Party, Name: "Đảng bộ Thành phố", Kind: "thanh_uy"}})
			if err != nil {
				b.Fatal(err)
			}
			unit := ev.Links[0].UnitID
			var heads []int64
			for i := 0; i < 4; i++ {
				p := &canbo.Person{FamilyName: "Nguyễn", MiddleName: "Văn", GivenName: fmt.Sprintf("Hùng %d", i), Sex: canbo.Male, BirthDate: "1970"}
				if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: unit, Title: "Trưởng ban", Primary: true, From: "2020-01-01"}, nil); err != nil {
					b.Fatal(err)
				}
				heads = append(heads, p.ID)
			}
			prog := &canbo.Programme{OwnerUnitID: unit, Year: 2024, Title: "Chương trình làm việc năm 2024"}
			if err := db.CreateProgramme(sys, prog); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < 300; i++ {
				it := &canbo.ProgrammeItem{ProgrammeID: prog.ID, Title: fmt.Sprintf("Nhiệm vụ %d", i), Due: fmt.Sprintf("2024-%02d-15", i%12+1),
					Arising: i%5 == 0, HeadPersonID: heads[i%len(heads)], PresidingUnitID: unit}
				if err := db.AddItem(sys, it); err != nil {
					b.Fatal(err)
				}
				for j, s := range []canbo.ItemStatus{canbo.StatusInProgress, canbo.StatusSubmitted, canbo.StatusDone} {
					if err := db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: it.ID, Status: s, On: fmt.Sprintf("2024-%02d-%02d", i%12+1, 5+j*5)}); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.Run("completion", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Completion(sys, prog.ID, date("2024-09-30")); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("page", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.Programme(sys, prog.ID, date("2024-09-30")); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
