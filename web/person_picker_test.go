package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPersonPicker: the picker suggests people by name without marks, with birth year, post and
// unit, only from the caller's scope; typed text (no script) resolves to one person of the
// scope, names the candidates when several match, and never reaches a person out of scope.
func TestPersonPicker(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		loc := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Phước","given_name":"Lộc","sex":"male","birth_date":"1965-09"}`, f.w1)
		far := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Phước","given_name":"Long","sex":"male","birth_date":"1970"}`, f.w3)
		an1 := f.addPerson(f.adminTok, `{"family_name":"Lê","middle_name":"Văn","given_name":"An","sex":"male","birth_date":"1975"}`, f.w1)
		an2 := f.addPerson(f.adminTok, `{"family_name":"Lê","middle_name":"Văn","given_name":"An","sex":"male","birth_date":"1980"}`, f.w2)
		officer := f.user("picker", canbo.RoleOfficer, []int64{f.d1})
		ref := func(p apiPerson) string { return `data-person="` + strconv.FormatInt(p.ID, 10) + `"` }

		suggest := func(tok, q string) string {
			t.Helper()
			code, body := f.get(tok, "/people/pick?fill=pp&text=person_q&person_q="+url.QueryEscape(q))
			if code != 200 {
				t.Fatalf("pick %q: %d %s", q, code, body)
			}
			return string(body)
		}
		got := suggest(officer, "nguyen phuoc")
		if !strings.Contains(got, ref(loc)) || !strings.Contains(got, "1965") || !strings.Contains(got, "Chuyên viên") || !strings.Contains(got, "Phường Bến Nghé") {
			t.Errorf("in scope, without marks: got %s, want Nguyễn Phước Lộc with 1965, Chuyên viên, Phường Bến Nghé", got)
		}
		for _, q := range []string{"nguyen phuoc", "long", "nguyen phuoc long", strconv.FormatInt(far.ID, 10)} {
			if got := suggest(officer, q); strings.Contains(got, ref(far)) || strings.Contains(got, "Long") {
				t.Errorf("pick %q as the district officer: suggests the person out of scope: %s", q, got)
			}
		}
		if got := suggest(f.adminTok, "nguyen phuoc"); !strings.Contains(got, ref(far)) || !strings.Contains(got, ref(loc)) {
			t.Errorf("the administrator sees both: %s", got)
		}
		if got := suggest(officer, "n"); strings.Contains(got, "data-person") {
			t.Errorf("one letter searches nothing: %s", got)
		}
		if code, _ := f.get(officer, "/people/pick?fill=a%22b&q=nguyen"); code != 400 {
			t.Errorf("a fill that is no element id: %d, want 400", code)
		}

		// Typed text, as a form without script sends it (the head filter of /programmes/mine).
		mine := func(text string) (int, string) {
			t.Helper()
			code, body := f.get(officer, "/programmes/mine?person_q="+url.QueryEscape(text))
			return code, string(body)
		}
		if code, body := mine("nguyen phuoc loc"); code != 200 || !strings.Contains(body, `value="`+strconv.FormatInt(loc.ID, 10)+`"`) {
			t.Errorf("one person matches: %d, want 200 with the id chosen", code)
		}
		if code, body := mine("nguyen phuoc long"); code != 400 || !strings.Contains(body, "Không tìm thấy ai tên") || strings.Contains(body, "#"+strconv.FormatInt(far.ID, 10)) {
			t.Errorf("the person out of scope: %d, want 400 not found without their number", code)
		}
		code, body := mine("le van an")
		if code != 400 || !strings.Contains(body, "Có nhiều người khớp") || !strings.Contains(body, "#"+strconv.FormatInt(an1.ID, 10)) || !strings.Contains(body, "#"+strconv.FormatInt(an2.ID, 10)) {
			t.Errorf("two namesakes: %d %s, want 400 naming both with their numbers", code, body)
		}
		if code, body := mine("#" + strconv.FormatInt(an2.ID, 10)); code != 200 || !strings.Contains(body, `value="`+strconv.FormatInt(an2.ID, 10)+`"`) {
			t.Errorf("the number typed after the error: %d", code)
		}
	})
}

// TestPostPositionChoice: once a unit is chosen on the new-post form, the unit's job positions
// are offered as a select (nothing for a unit without any, or out of the caller's scope), and
// the post saved with one names it.
func TestPostPositionChoice(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		var pos struct {
			ID int64 `json:"id"`
		}
		if code, out := f.api(f.adminTok, "POST", "/api/v1/units/"+strconv.FormatInt(f.w1, 10)+"/positions",
			`{"name":"Chuyên viên văn hóa","category":"professional","staff_type":"civil_servant","headcount":2,"from":"2025-01-01"}`, &pos); code != 201 || pos.ID == 0 {
			t.Fatalf("position: %d %s", code, out)
		}
		officer := f.user("vitri", canbo.RoleOfficer, []int64{f.d1})
		outsider := f.user("vitri2", canbo.RoleOfficer, []int64{f.d2})
		choice := func(tok string, unit int64) string {
			t.Helper()
			code, body := f.get(tok, "/people/positions?unit_id="+strconv.FormatInt(unit, 10)+"&from=01/03/2025")
			if code != 200 {
				t.Fatalf("positions of %d: %d %s", unit, code, body)
			}
			return string(body)
		}
		if got := choice(officer, f.w1); !strings.Contains(got, `<option value="`+strconv.FormatInt(pos.ID, 10)+`">Chuyên viên văn hóa</option>`) {
			t.Errorf("the ward's positions: %s", got)
		}
		if got := choice(officer, f.w2); strings.Contains(got, "<select") {
			t.Errorf("a ward without positions offers a select: %s", got)
		}
		if got := choice(outsider, f.w1); strings.Contains(got, "Chuyên viên văn hóa") {
			t.Errorf("a unit out of scope offers its positions: %s", got)
		}
		p := f.addPerson(f.adminTok, `{"family_name":"Lý","middle_name":"Văn","given_name":"Vị","sex":"male","birth_date":"1990"}`, f.w2)
		code, _, body := f.form(officer, "/people/"+strconv.FormatInt(p.ID, 10)+"/posts", url.Values{"unit_id": {strconv.FormatInt(f.w1, 10)},
			"title": {"Chuyên viên văn hóa"}, "from": {"01/03/2025"}, "concurrent": {"1"}, "position_id": {strconv.FormatInt(pos.ID, 10)}})
		if code >= 400 {
			t.Fatalf("save the post: %d %s", code, body)
		}
		posts, err := db.Posts(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		named := false
		for _, post := range posts {
			named = named || (post.UnitID == f.w1 && post.PositionID == pos.ID)
		}
		if !named {
			t.Errorf("the post does not name the position: %+v", posts)
		}
	})
}
