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
