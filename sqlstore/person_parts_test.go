package sqlstore_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// member creates a party member of cell1 with a post in w1, admitted 2012-03-01.
func (f *peopleFixture) member(t *testing.T, db *sqlstore.DB, name string) int64 {
	t.Helper()
	fam, mid, giv := split(name)
	p := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: canbo.Male, BirthDate: "1980-02-03"}
	err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2010-01-01", Primary: true},
		&canbo.Membership{AdmittedOn: "2012-03-01", Cells: []canbo.CellPeriod{{CellID: f.cell1, From: "2012-03-01"}}})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// auditCount counts the audit events of an action about a person.
func auditCount(t *testing.T, db *sqlstore.DB, action string, id int64) int {
	t.Helper()
	_, n, err := db.AuditEvents(sys, audit.Filter{Action: action, Entity: "person", EntityID: strconv.FormatInt(id, 10)})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// under counts the members of a unit's subtree on a day.
func under(t *testing.T, db *sqlstore.DB, unit int64, on string) string {
	t.Helper()
	yes := true
	people, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: unit, AsOf: date(on), Party: &yes})
	if err != nil {
		t.Fatal(err)
	}
	return fullNames(people)
}

func TestMembershipTransfersAndEnd(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.member(t, db, "Hồ Văn Bình")
		name := "Hồ Văn Bình"
		// Temporary: the official cell stays, the temporary cell sees the member too.
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: "2015-06-01", Temporary: true, Until: "2016-06-01"}); err != nil {
			t.Fatal(err)
		}
		if got := under(t, db, f.cell1, "2015-12-01"); got != name {
			t.Errorf("official cell during temporary membership: %q", got)
		}
		if got := under(t, db, f.cell3, "2015-12-01"); !strings.Contains(got, name) {
			t.Errorf("temporary cell: %q", got)
		}
		if got := under(t, db, f.cell3, "2016-07-01"); strings.Contains(got, name) {
			t.Errorf("temporary cell after its end: %q", got)
		}
		// Official transfer: cell1 until the day, cell3 from it.
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: "2018-01-01"}); err != nil {
			t.Fatal(err)
		}
		if got := under(t, db, f.cell1, "2017-12-31"); got != name {
			t.Errorf("cell1 before the transfer: %q", got)
		}
		if got := under(t, db, f.cell1, "2018-01-01"); got != "" {
			t.Errorf("cell1 after the transfer: %q", got)
		}
		m, err := db.Membership(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Cells) != 3 || m.Cells[0].To != "2018-01-01" || !m.Cells[1].Temporary || m.Cells[2].CellID != f.cell3 || m.Cells[2].To != "" {
			t.Errorf("history: %+v", m.Cells)
		}
		// Refused, and nothing written: out of order, same cell, not a party unit, bad dates.
		for _, c := range []struct {
			tr    canbo.Transfer
			field string
		}{
			{canbo.Transfer{CellID: f.cell1, On: "2017-01-01"}, "on"},
			{canbo.Transfer{CellID: f.cell3, On: "2019-01-01"}, "cell_id"},
			{canbo.Transfer{CellID: f.w1, On: "2019-01-01"}, "cell_id"},
			{canbo.Transfer{CellID: f.cell1, On: "31/02/2019"}, "on"},
			{canbo.Transfer{CellID: f.cell1, On: "2008-01-01"}, "on"},
			{canbo.Transfer{CellID: f.cell1, On: strconv.Itoa(time.Now().Year()+11) + "-01-01"}, "on"},
			{canbo.Transfer{CellID: f.cell1, On: "2019-01-01", Temporary: true, Until: "2018-01-01"}, "until"},
		} {
			if err := db.TransferMembership(sys, id, &c.tr); canbo.ErrorField(err) != c.field {
				t.Errorf("%+v: %v, want an error on %s", c.tr, err, c.field)
			}
		}
		if m2, _ := db.Membership(sys, id); len(m2.Cells) != 3 {
			t.Errorf("a refused transfer wrote %+v", m2.Cells)
		}
		// A viewer or an officer outside the target cell may not transfer.
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Role: canbo.RoleViewer, Scope: []int64{f.cell3}})
		if err := db.TransferMembership(viewer, id, &canbo.Transfer{CellID: f.cell3, On: "2019-01-01", Temporary: true}); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("viewer transfer: %v", err)
		}
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Role: canbo.RoleOfficer, Scope: []int64{f.cell3}})
		if err := db.TransferMembership(officer, id, &canbo.Transfer{CellID: f.cell1, On: "2019-01-01"}); canbo.ErrorCode(err) != canbo.EINVALID {
			t.Errorf("transfer into a cell outside the scope: %v", err)
		}

		// A temporary stay without a known end, then the return to the official cell.
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell1, On: "2018-06-01", Temporary: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: "2018-09-01", Temporary: true, Until: "2018-10-01"}); canbo.ErrorField(err) != "until" {
			t.Errorf("a return with an end: %v", err)
		}
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: "2018-09-01", Temporary: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: "2018-10-01", Temporary: true}); canbo.ErrorField(err) != "cell_id" {
			t.Errorf("a return without a temporary stay: %v", err)
		}
		if got := under(t, db, f.cell1, "2018-08-31"); got != name {
			t.Errorf("temporary cell during the stay: %q", got)
		}
		if got := under(t, db, f.cell1, "2018-09-01"); got != "" {
			t.Errorf("temporary cell after the return: %q", got)
		}

		// Full membership: not before the 12 months of probation, nor before admission.
		for _, d := range []string{"2012-03-01", "2011-01-01", "2013-02-28", "30/02/2013"} {
			if err := db.UpdateMembership(sys, id, &canbo.MembershipPatch{FullOn: &d}); canbo.ErrorField(err) != "full_on" {
				t.Errorf("full on %s: %v", d, err)
			}
		}
		if m, _ := db.Membership(sys, id); m.FullOn != "" {
			t.Errorf("a refused full-membership date was saved: %+v", m)
		}
		full, card := "2013-03-01", " 0123\u200b4567 "
		if err := db.UpdateMembership(sys, id, &canbo.MembershipPatch{FullOn: &full, CardNumber: &card}); err != nil {
			t.Fatal(err)
		}
		if m, _ := db.Membership(sys, id); m.FullOn != "2013-03-01" || m.CardNumber != "01234567" {
			t.Errorf("full membership: %+v", m)
		}

		// End: refused before the current cell period, then recorded; the record stays.
		if err := db.EndMembership(sys, id, "2017-06-01", canbo.EndDeath); canbo.ErrorField(err) != "on" {
			t.Errorf("end before the current cell: %v", err)
		}
		if err := db.EndMembership(sys, id, "2020-01-01", "vanished"); canbo.ErrorField(err) != "reason" {
			t.Errorf("bad reason: %v", err)
		}
		if err := db.EndMembership(sys, id, "2020-01-01", canbo.EndExpulsion); err != nil {
			t.Fatal(err)
		}
		if got := under(t, db, f.cell3, "2019-12-31"); !strings.Contains(got, name) {
			t.Errorf("before the end: %q", got)
		}
		if got := under(t, db, f.cell3, "2020-01-01"); strings.Contains(got, name) {
			t.Errorf("still counted after expulsion: %q", got)
		}
		m, _ = db.Membership(sys, id)
		if m.EndedOn != "2020-01-01" || m.EndReason != canbo.EndExpulsion || len(m.Cells) != 4 || m.Cells[2].To != "2020-01-01" {
			t.Errorf("ended: %+v", m)
		}
		if err := db.EndMembership(sys, id, "2021-01-01", canbo.EndDeath); canbo.ErrorField(err) != "on" {
			t.Errorf("ending twice: %v", err)
		}
		// The official transfer's event records the period it closed.
		events, _, err := db.AuditEvents(sys, audit.Filter{Action: "person.party.transfer", EntityID: strconv.FormatInt(id, 10)})
		if err != nil {
			t.Fatal(err)
		}
		closed := `"cell_id":` + strconv.FormatInt(f.cell1, 10)
		if !slices.ContainsFunc(events, func(e audit.Event) bool { return strings.Contains(string(e.Before), closed) }) {
			t.Errorf("no transfer event records the closed period in cell1")
		}
		for action, want := range map[string]int{"person.party.transfer": 4, "person.party.update": 1, "person.party.end": 1} {
			if n := auditCount(t, db, action, id); n != want {
				t.Errorf("%s audited %d times, want %d", action, n, want)
			}
		}
	})
}

func TestEndPost(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.ids["Lê Văn An"]
		posts, _ := db.Posts(sys, id)
		post := posts[0].ID
		for _, to := range []string{"2020-01-01", "2019-12-31", "31/04/2021", ""} {
			if err := db.EndPost(sys, id, post, to); canbo.ErrorField(err) != "post.to" {
				t.Errorf("end on %q: %v", to, err)
			}
		}
		if err := db.EndPost(sys, f.ids["Trần Thị Ánh"], post, "2022-01-01"); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("another person's post: %v", err)
		}
		other := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		if err := db.EndPost(other, id, post, "2022-01-01"); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("a post outside the scope: %v", err)
		}
		if posts, _ := db.Posts(sys, id); posts[0].To != "" {
			t.Errorf("a refused end was written: %+v", posts[0])
		}
		if err := db.EndPost(sys, id, post, "15/06/2022"); err != nil {
			t.Fatal(err)
		}
		if posts, _ := db.Posts(sys, id); posts[0].To != "2022-06-15" {
			t.Errorf("ended: %+v", posts[0])
		}
		if n := auditCount(t, db, "person.post.end", id); n != 1 {
			t.Errorf("audited %d", n)
		}
	})
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(0, 0, color.RGBA{A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPhoto(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.ids["Lê Văn An"] // in w2
		if _, _, err := db.Photo(sys, id); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("no photo yet: %v", err)
		}
		if err := db.SetPhoto(sys, id, []byte("GIF89a not a portrait")); canbo.ErrorField(err) != "photo" {
			t.Errorf("gif: %v", err)
		}
		if err := db.SetPhoto(sys, id, pngOf(t, 900, 1200)); err != nil {
			t.Fatal(err)
		}
		jpg, _, err := db.Photo(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(jpg))
		if err != nil || cfg.Width != 450 || cfg.Height != 600 {
			t.Errorf("stored %+v %v", cfg, err)
		}
		// A refused replacement keeps the stored photo.
		if err := db.SetPhoto(sys, id, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)); canbo.ErrorField(err) != "photo" {
			t.Errorf("broken png: %v", err)
		}
		if again, _, _ := db.Photo(sys, id); !bytes.Equal(again, jpg) {
			t.Error("a refused upload changed the photo")
		}
		// Scope: a ward officer elsewhere neither sees nor changes it; a viewer may not change it.
		w1 := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		if _, _, err := db.Photo(w1, id); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("photo outside the scope: %v", err)
		}
		if err := db.DeletePhoto(w1, id); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("delete outside the scope: %v", err)
		}
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Role: canbo.RoleViewer, Scope: []int64{f.w2}})
		if _, _, err := db.Photo(viewer, id); err != nil {
			t.Errorf("viewer in scope: %v", err)
		}
		if err := db.SetPhoto(viewer, id, pngOf(t, 10, 10)); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("viewer upload: %v", err)
		}
		if err := db.DeletePhoto(sys, id); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Photo(sys, id); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
		if auditCount(t, db, "person.photo.set", id) != 1 || auditCount(t, db, "person.photo.delete", id) != 1 {
			t.Error("photo changes not audited once each")
		}
	})
}

func TestPlaceLinks(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		old := create(t, db, "1950-01-01", "Xã Tân Phú", "", "xa", 0)
		// 2025: the old commune is merged into a new ward.
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
			Sources: []canbo.Source{{UnitID: old}}, Targets: []canbo.Target{{UnitID: f.w3}}})
		p, _ := db.FindPerson(sys, f.ids["Lê Văn An"]) // born 1975-03
		version := p.Version
		bad := []struct {
			birth, home int64
			field       string
		}{
			{f.w1, 0, "birth_place_unit_id"},    // created 2000: not there in 1975
			{f.cell1, 0, "birth_place_unit_id"}, // a party cell
			{0, 999999, "home_town_unit_id"},
			{0, f.cell3, "home_town_unit_id"},
		}
		for _, c := range bad {
			q := *p
			q.BirthPlaceUnitID, q.HomeTownUnitID = c.birth, c.home
			if err := db.UpdatePerson(sys, &q); canbo.ErrorField(err) != c.field || !strings.Contains(canbo.ErrorMessage(err), "Nơi sinh") && !strings.Contains(canbo.ErrorMessage(err), "Quê quán") {
				t.Errorf("%+v: %v", c, err)
			}
		}
		if again, _ := db.FindPerson(sys, p.ID); again.Version != version || again.BirthPlaceUnitID != 0 {
			t.Errorf("a refused link was saved: %+v", again)
		}
		p.BirthPlaceUnitID, p.HomeTownUnitID = old, old
		if err := db.UpdatePerson(sys, p); err != nil {
			t.Fatal(err)
		}
		places, err := db.Places(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(places) != 2 || places[0].Field != "birth_place" || places[0].Name != "Xã Tân Phú" ||
			len(places[0].Now) != 1 || places[0].Now[0].ID != f.w3 || places[0].Now[0].Name != "Phường Võ Thị Sáu" {
			t.Errorf("places: %+v", places)
		}
		// A birth date without a day still links to a unit of that year.
		p.BirthDate = "1975"
		if err := db.UpdatePerson(sys, p); err != nil {
			t.Errorf("year-only birth: %v", err)
		}
	})
}

func TestEntryFields(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.ids["Lê Văn An"]
		for _, c := range []struct {
			e     canbo.Entry
			field string
		}{
			{canbo.Entry{Kind: canbo.EntrySalary, From: "31/02/2020", Details: map[string]string{"grade_code": "01.003", "step": "3", "coefficient": "3,00"}}, "from"},
			{canbo.Entry{Kind: canbo.EntrySalary, From: "2020-01-01", Details: map[string]string{"grade_code": "01.003", "step": "ba", "coefficient": "3,00"}}, "details.step"},
			{canbo.Entry{Kind: canbo.EntrySalary, From: "2020-01-01", Details: map[string]string{"grade_code": "01.003", "step": "3", "coefficient": "x"}}, "details.coefficient"},
			{canbo.Entry{Kind: canbo.EntryDiscipline, From: "2020-01-01", Title: "Vi phạm", Details: map[string]string{"level": "phạt tiền", "authority": "UBND"}}, "details.level"},
			{canbo.Entry{Kind: canbo.EntryFamily, Title: "Lê Văn Ba", Details: map[string]string{"relation": "Cha", "birth_year": "19x0"}}, "details.birth_year"},
			{canbo.Entry{Kind: canbo.EntryTraining, From: "2020-01-01", To: "2019-01-01", Title: "Cao cấp LLCT"}, "to"},
			{canbo.Entry{Kind: canbo.EntryReward, From: "2020-01-01"}, "title"},
		} {
			c.e.PersonID = id
			if err := db.AddEntry(sys, &c.e); canbo.ErrorField(err) != c.field {
				t.Errorf("%+v: %v, want an error on %s", c.e, err, c.field)
			}
		}
		if _, entries, _, _ := db.Timeline(sys, id); len(entries) != 0 {
			t.Errorf("refused entries written: %+v", entries)
		}
		// NFD input is stored NFC; the coefficient in one notation.
		e := canbo.Entry{PersonID: id, Kind: canbo.EntrySalary, From: "01/2020", Title: "Chuye\u0302n vie\u0302n",
			Details: map[string]string{"grade_code": "01.003", "step": "3", "coefficient": "3,33"}}
		if err := db.AddEntry(sys, &e); err != nil {
			t.Fatal(err)
		}
		_, entries, _, _ := db.Timeline(sys, id)
		if len(entries) != 1 || entries[0].Title != "Chuyên viên" || entries[0].Details["coefficient"] != "3.33" || entries[0].From != "2020-01" {
			t.Errorf("stored %+v", entries)
		}
	})
}

func TestPersonBadInputWritesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		before, _, _, _ := db.FindPeople(sys, canbo.PersonFilter{})
		for _, c := range []struct {
			p     canbo.Person
			field string
		}{
			{canbo.Person{FamilyName: "Võ", GivenName: "Hà", Sex: canbo.Female, BirthDate: "31/02/1990"}, "birth_date"},
			{canbo.Person{FamilyName: "Võ", GivenName: "Hà", Sex: canbo.Female, IdentityNumber: "07919000012"}, "identity_number"},
			{canbo.Person{FamilyName: "Võ", GivenName: "Hà", Sex: canbo.Female, IdentityNumber: "079065000123"}, "identity_number"},
			{canbo.Person{FamilyName: "\u0000\u200b", GivenName: "Hà", Sex: canbo.Female}, "family_name"},
		} {
			err := db.CreatePerson(sys, &c.p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2020-01-01"}, nil)
			if canbo.ErrorField(err) != c.field {
				t.Errorf("%+v: %v, want an error on %s", c.p, err, c.field)
			}
			if c.field == "identity_number" && strings.HasSuffix(c.p.IdentityNumber, "123") && !strings.Contains(canbo.ErrorMessage(err), "Nguyễn Phước Lộc") {
				t.Errorf("duplicate does not name the visible record: %v", err)
			}
		}
		after, _, _, _ := db.FindPeople(sys, canbo.PersonFilter{})
		if len(after) != len(before) {
			t.Errorf("refused people written: %d → %d", len(before), len(after))
		}
		// A duplicate outside the caller's scope is refused without naming the record.
		w3 := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w3},
			Grants: []string{canbo.GrantIdentity}})
		err := db.CreatePerson(w3, &canbo.Person{FamilyName: "Võ", GivenName: "Hà", Sex: canbo.Female, IdentityNumber: "079065000123"},
			&canbo.Post{UnitID: f.w3, Title: "Chuyên viên", From: "2020-01-01"}, nil)
		if canbo.ErrorField(err) != "identity_number" || strings.Contains(canbo.ErrorMessage(err), "Lộc") {
			t.Errorf("duplicate outside the scope: %v", err)
		}
		// NFD and control characters are normalized, not stored as typed.
		p := canbo.Person{FamilyName: "Nguye\u0302\u0303n", GivenName: "Hà\u0007", Sex: canbo.Female}
		if err := db.CreatePerson(sys, &p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindPerson(sys, p.ID); got.FullName != "Nguyễn Hà" {
			t.Errorf("stored %q", got.FullName)
		}
	})
}

func TestAdmitMember(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		young := &canbo.Person{FamilyName: "Trần", MiddleName: "Thị", GivenName: "Ánh", Sex: canbo.Female, BirthDate: "2005-08"}
		if err := db.CreatePerson(sys, young, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", Primary: true, From: "2023-09-01"}, nil); err != nil {
			t.Fatal(err)
		}
		id := young.ID
		admit := func(ctx context.Context, on string) error {
			return db.AdmitMember(ctx, &canbo.Membership{PersonID: id, AdmittedOn: on, Cells: []canbo.CellPeriod{{CellID: f.cell1}}})
		}
		for _, c := range []struct{ on, field string }{
			{"2023-07-31", "party.admitted_on"}, // 17 years 11 months (from 1 August 2005)
			{"2999-01-01", "party.admitted_on"}, // in the future
			{"31/02/2024", "party.admitted_on"}, // no such day
		} {
			if err := admit(sys, c.on); canbo.ErrorField(err) != c.field {
				t.Errorf("admit on %s: %v, want an error on %s", c.on, err, c.field)
			}
		}
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Role: canbo.RoleViewer, Scope: []int64{f.w1}})
		if err := admit(viewer, "2023-08-01"); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("viewer admits: %v", err)
		}
		if got := under(t, db, f.cell1, "2024-01-01"); strings.Contains(got, "Trần Thị Ánh") {
			t.Fatalf("a refused admission wrote a cell period: %q", got)
		}
		if err := admit(sys, "2023-08-01"); err != nil { // 18 years old that day

			t.Fatal(err)
		}
		if got := under(t, db, f.cell1, "2024-01-01"); !strings.Contains(got, "Trần Thị Ánh") {
			t.Errorf("cell1 after the admission: %q", got)
		}
		if err := admit(sys, "2024-05-19"); canbo.ErrorField(err) != "party.admitted_on" {
			t.Errorf("second admission: %v", err)
		}
		if n := auditCount(t, db, "person.party.admit", id); n != 1 {
			t.Errorf("audited admissions = %d, want 1", n)
		}
	})
}
