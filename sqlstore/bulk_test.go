package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// bulkTree is a small party and state tree for bulk loads: a party cell and a people's committee
// from 2000, and a cell that only begins in 2025.
type bulkTree struct {
	party, cell, lateCell, state, division int64
}

func newBulkTree(tb testing.TB, db *sqlstore.DB) bulkTree {
	tb.Helper()
	mk := func(on string, h canbo.Hierarchy, name, kind string, parent int64) int64 {
		ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: date(on),
			New: &canbo.NewUnit{Hierarchy: h, Name: name, Kind: kind, ParentID: parent}})
		if err != nil {
			tb.Fatalf("create %s: %v", name, err)
		}
		return ev.Links[0].UnitID
	}
	var t bulkTree
	t.party = mk("2000-01-01", canbo.Party, "Đảng bộ Phường Sài Gòn", "dang_uy", 0)
	t.cell = mk("2000-01-01", canbo.Party, "Chi bộ Khu phố 1, Sài Gòn", "chi_bo_truc_thuoc", t.party)
	t.lateCell = mk("2025-07-01", canbo.Party, "Chi bộ Tòa nhà chung cư An Phú", "chi_bo_truc_thuoc", t.party)
	t.state = mk("2000-01-01", canbo.State, "Ủy ban nhân dân Phường Sài Gòn", "ubnd", 0)
	t.division = mk("2000-01-01", canbo.State, "Văn phòng HĐND và UBND", "phong", t.state)
	return t
}

var (
	bulkFamilies = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"}
	bulkMiddles  = []string{"Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc", "Thị Ngọc"}
	bulkGivens   = []string{"Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Lộc", "Ánh", "Phúc", "Uyên", "Khoa", "Yến"}
)

// bulkPerson returns the i-th synthetic person: every third with a post, most of them members,
// all with an identity number, as a generated population has.
func bulkPerson(t bulkTree, i int) (*canbo.Person, []canbo.Post, *canbo.Membership) {
	sex := canbo.Male
	if i%2 == 1 {
		sex = canbo.Female
	}
	year := 1950 + i%50
	p := &canbo.Person{FamilyName: bulkFamilies[i%len(bulkFamilies)], MiddleName: bulkMiddles[i%len(bulkMiddles)],
		GivenName: bulkGivens[i%len(bulkGivens)], Sex: sex, BirthDate: fmt.Sprintf("%d-%02d-%02d", year, 1+i%12, 1+i%28),
		BirthPlace: "Thành phố Hồ Chí Minh", Residence: "Phường Sài Gòn, Thành phố Hồ Chí Minh", Phone: fmt.Sprintf("09%08d", i),
		Ethnicity: "Kinh", Religion: "Không", Health: "Tốt", StaffType: canbo.StaffCivilServant,
		StaffCode:      fmt.Sprintf("HCM%07d", i),
		IdentityNumber: fmt.Sprintf("079%d%02d%06d", (year/100-19)*2+i%2, year%100, i),
		Education:      canbo.Education{General: "12/12", Professional: "Đại học", Field: "Luật", PoliticalTheory: "Trung cấp"}}
	var posts []canbo.Post
	if i%3 == 0 {
		posts = []canbo.Post{{UnitID: t.division, Title: "Chuyên viên", Primary: true, From: "2010-03-01", To: "2025-07-01"},
			{UnitID: t.state, Title: "Phó Chủ tịch Ủy ban nhân dân", Primary: true, From: "2025-07-01",
				Document: canbo.Document{Number: "12/QĐ-UBND", Date: date("2025-06-30"), Issuer: "Ủy ban nhân dân Thành phố Hồ Chí Minh"}}}
	}
	var m *canbo.Membership
	if i%10 != 0 {
		m = &canbo.Membership{AdmittedOn: "1995-05-19", FullOn: "1996-05-19", CardNumber: fmt.Sprintf("79%07d", i),
			Cells: []canbo.CellPeriod{{CellID: t.cell}}}
	}
	return p, posts, m
}

func TestBulkPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := newBulkTree(t, db)
		const n = 250 // two full batches and a short one
		var first *canbo.Person
		ran, err := db.BulkPeople(sys, "people-test", func(add sqlstore.BulkAdd) error {
			for i := range n {
				p, posts, m := bulkPerson(tr, i)
				if i == 3 {
					// A member of a cell that began after the admission: the period starts with the cell.
					m.Cells = []canbo.CellPeriod{{CellID: tr.lateCell}}
				}
				if err := add(p, posts, m); err != nil {
					return err
				}
				if i == 0 {
					first = p
				}
			}
			return nil
		})
		if err != nil || !ran {
			t.Fatalf("BulkPeople = %v, %v", ran, err)
		}
		if first.ID == 0 || first.FullName != "Nguyễn Văn Hùng" {
			t.Errorf("first person = #%d %q", first.ID, first.FullName)
		}
		// Everyone is found under the trees, in official order, and by search.
		for _, c := range []struct {
			under int64
			want  int
		}{{tr.party, n - n/10}, {tr.state, (n + 2) / 3}} {
			_, total, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: c.under, AsOf: date("2026-01-01")})
			if err != nil || total != c.want {
				t.Errorf("people under #%d = %d, %v; want %d", c.under, total, err, c.want)
			}
		}
		found, total, _, err := db.FindPeople(sys, canbo.PersonFilter{Q: "nguyen van hung", Limit: 500})
		if err != nil || total == 0 || found[0].FullName != "Nguyễn Văn Hùng" {
			t.Errorf("search: %d found, %v", total, err)
		}
		if found, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Q: first.IdentityNumber}); err != nil || len(found) != 1 || found[0].ID != first.ID {
			t.Errorf("search by identity: %v, %v", found, err)
		}
		posts, err := db.Posts(sys, first.ID)
		if err != nil || len(posts) != 2 || posts[0].Title != "Phó Chủ tịch Ủy ban nhân dân" || posts[0].To != "" ||
			posts[1].To != "2025-07-01" || posts[0].Document.Number != "12/QĐ-UBND" {
			t.Errorf("posts = %+v, %v", posts, err)
		}
		m, err := db.Membership(sys, first.ID+3)
		if err != nil || m.FullOn != "1996-05-19" || len(m.Cells) != 1 || m.Cells[0].From != "2025-07-01" {
			t.Errorf("membership in the late cell = %+v, %v", m, err)
		}
		// The load turned SQLite's foreign-key checks off on its connection; every connection
		// back in the pool has them on again.
		if db.Engine() == sqlstore.SQLite {
			idle := db.SQL().Stats().Idle
			conns := make([]*sql.Conn, idle)
			for i := range conns {
				if conns[i], err = db.SQL().Conn(context.Background()); err != nil {
					t.Fatal(err)
				}
				defer conns[i].Close()
			}
			for i, c := range conns {
				var on int
				if err := c.QueryRowContext(context.Background(), `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
					t.Errorf("connection %d of %d: foreign_keys = %d, %v", i+1, idle, on, err)
				}
			}
		}
		// One audit event for the whole load.
		evs, total, err := db.AuditEvents(sys, audit.Filter{Action: "import", EntityID: "people-test"})
		if err != nil || total != 1 || !strings.Contains(string(evs[0].After), "250 hồ sơ") {
			t.Errorf("audit events = %d, %v", total, err)
		}
		// A second run with the same name changes nothing.
		before := countPeople(t, db)
		ran, err = db.BulkPeople(sys, "people-test", func(add sqlstore.BulkAdd) error {
			t.Error("fn called for an import already recorded")
			return nil
		})
		if err != nil || ran || countPeople(t, db) != before {
			t.Errorf("second run: ran=%v err=%v", ran, err)
		}
	})
}

func TestBulkPeopleRefuses(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := newBulkTree(t, db)
		stored, _, _ := bulkPerson(tr, 7)
		if err := db.CreatePerson(sys, stored, &canbo.Post{UnitID: tr.state, Title: "Chuyên viên", From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name        string
			edit        func(i int, p *canbo.Person, posts []canbo.Post, m **canbo.Membership)
			code, field string
			msg         string
		}{
			{"no given name", func(i int, p *canbo.Person, _ []canbo.Post, _ **canbo.Membership) {
				if i == 150 {
					p.GivenName = " "
				}
			}, canbo.EINVALID, "given_name", "Hồ sơ thứ 151"},
			{"unknown unit", func(i int, _ *canbo.Person, posts []canbo.Post, _ **canbo.Membership) {
				if i == 3 {
					posts[0].UnitID = 999999
				}
			}, canbo.EINVALID, "post.unit_id", "không tồn tại"},
			{"post before its unit", func(i int, _ *canbo.Person, posts []canbo.Post, m **canbo.Membership) {
				if i == 3 {
					posts[0].From = "1999-01-01"
				}
			}, canbo.EINVALID, "post.unit_id", "không tồn tại vào ngày 01/01/1999"},
			{"cell that is no party unit", func(i int, _ *canbo.Person, _ []canbo.Post, m **canbo.Membership) {
				if i == 5 {
					(*m).Cells[0].CellID = tr.state
				}
			}, canbo.EINVALID, "party.cell_id", "không phải tổ chức đảng"},
			{"full membership before admission", func(i int, _ *canbo.Person, _ []canbo.Post, m **canbo.Membership) {
				if i == 5 {
					(*m).FullOn = "1990-01-01"
				}
			}, canbo.EINVALID, "party.full_on", "phải sau"},
			{"identity number already stored", func(i int, p *canbo.Person, _ []canbo.Post, _ **canbo.Membership) {
				if i == 120 {
					p.IdentityNumber = stored.IdentityNumber
				}
			}, canbo.ECONFLICT, "identity_number", "hồ sơ thứ 121"},
			{"identity number twice in a batch", func(i int, p *canbo.Person, _ []canbo.Post, _ **canbo.Membership) {
				if i == 30 || i == 40 {
					p.IdentityNumber = "079190999999"
				}
			}, canbo.ECONFLICT, "identity_number", "hồ sơ thứ 31 và hồ sơ thứ 41"},
			{"identity number twice in the load", func(i int, p *canbo.Person, _ []canbo.Post, _ **canbo.Membership) {
				if i == 30 || i == 160 {
					p.IdentityNumber = "079190999999"
				}
			}, canbo.ECONFLICT, "identity_number", "hồ sơ thứ 161 đã được dùng"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := countPeople(t, db)
				var addErr error
				ran, err := db.BulkPeople(sys, "people-bad", func(add sqlstore.BulkAdd) error {
					for i := range 200 {
						i += 10 // 7, the stored person, is not loaded again
						p, posts, m := bulkPerson(tr, i)
						if posts == nil {
							posts = []canbo.Post{{UnitID: tr.state, Title: "Chuyên viên", From: "2020-01-01"}}
						}
						if m == nil {
							m = &canbo.Membership{AdmittedOn: "2001-01-01", Cells: []canbo.CellPeriod{{CellID: tr.cell}}}
						}
						c.edit(i-10, p, posts, &m)
						if err := add(p, posts, m); err != nil && addErr == nil {
							addErr = err // ignored on purpose: the load must fail all the same
						}
					}
					return nil
				})
				e, ok := err.(*canbo.Error)
				if ran || !ok || e.Code != c.code || e.Field != c.field || !strings.Contains(e.Message, c.msg) {
					t.Fatalf("got ran=%v %v, want %s on %s containing %q", ran, err, c.code, c.field, c.msg)
				}
				if countPeople(t, db) != before {
					t.Error("half-written")
				}
				if done, err := db.Imported(sys, "people-bad"); err != nil || done {
					t.Errorf("failed import recorded: %v %v", done, err)
				}
			})
		}
		// Only an unlimited scope may load: a load skips the per-person scope checks.
		for _, role := range []canbo.Role{canbo.RoleViewer, canbo.RoleOfficer} {
			ctx := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "u", Role: role, Scope: []int64{tr.party}})
			if _, err := db.BulkPeople(ctx, "people-user", func(add sqlstore.BulkAdd) error { return nil }); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
				t.Errorf("%s: %v, want forbidden", role, err)
			}
		}
	})
}

// BenchmarkBulkPeople loads 20,000 people a run on SQLite and reports the throughput.
func BenchmarkBulkPeople(b *testing.B) {
	const n = 20_000
	var elapsed time.Duration
	runs := 0
	for b.Loop() {
		b.StopTimer()
		db := sqltest.MustOpen(b, sqlstore.SQLite)
		tr := newBulkTree(b, db)
		b.StartTimer()
		start := time.Now()
		_, err := db.BulkPeople(sys, "bench", func(add sqlstore.BulkAdd) error {
			for i := range n {
				if err := add(bulkPerson(tr, i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		runs++
	}
	b.ReportMetric(float64(n*runs)/elapsed.Seconds(), "people/s")
}
