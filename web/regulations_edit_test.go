package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestRegulationEditAndHistory: the edit form comes filled with the stored document (its
// central documents included), saving a new text makes a version, a replacement chain that would
// loop is refused on the form naming replaces and changes nothing, and the document's page lists
// its history in order of days: signed, in effect, amended, replaced, the new text.
func TestRegulationEditAndHistory(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		viewer := f.user("xem", canbo.RoleViewer, []int64{f.d1})
		add := func(body string) int64 {
			var out struct {
				ID int64 `json:"id"`
			}
			if code, b := f.api(officer, "POST", "/api/v1/regulations", body, &out); code != 201 {
				t.Fatalf("create: %d %s", code, b)
			}
			return out.ID
		}
		a := add(fmt.Sprintf(`{"number":"01/2024/QĐ-UBND","kind":"quy_che","title":"Quy chế làm việc","issuer_unit_id":%d,"signed_on":"2024-01-05",
			"effective_from":"2024-01-15","body":"Điều 1.\nĐiều 2.","implements":[{"number":"14-KL/TW","issuer":"Bộ Chính trị","date":"2021-09-22"}]}`, f.w1))
		add(fmt.Sprintf(`{"number":"03/2024/QĐ-UBND","kind":"quy_che","title":"Sửa đổi Quy chế","issuer_unit_id":%d,"signed_on":"2024-05-01",
			"effective_from":"2024-05-10","amends":[%d]}`, f.w1, a))
		b := add(fmt.Sprintf(`{"number":"07/2025/QĐ-UBND","kind":"quy_che","title":"Quy chế mới","issuer_unit_id":%d,"signed_on":"2025-06-01",
			"effective_from":"2025-07-01","replaces":[%d]}`, f.w1, a))
		edit := "/regulations/" + strconv.FormatInt(a, 10)
		code, page := f.get(officer, edit+"/edit")
		if code != 200 {
			t.Fatalf("edit form: %d", code)
		}
		for _, want := range []string{`action="/regulations/` + strconv.FormatInt(a, 10) + `"`, `value="01/2024/QĐ-UBND"`, `value="14-KL/TW"`,
			`id="central_number_1"`, "Điều 1.\nĐiều 2."} {
			if !strings.Contains(string(page), want) {
				t.Errorf("edit form lacks %q", want)
			}
		}
		if code, _ := f.get(viewer, edit+"/edit"); code != 403 {
			t.Errorf("viewer's edit form: %d", code)
		}
		form := url.Values{"number": {"01/2024/QĐ-UBND"}, "kind": {"quy_che"}, "title": {"Quy chế làm việc"}, "issuer_unit_id": {strconv.FormatInt(f.w1, 10)},
			"signed_on": {"2024-01-05"}, "effective_from": {"2024-01-15"}, "body": {"Điều 1.\nĐiều 2 (sửa).\nĐiều 3."},
			"central_number": {"14-KL/TW", ""}, "central_issuer": {"Bộ Chính trị", ""}, "central_date": {"2021-09-22", ""}}
		// A document replacing the one that replaced it: a loop.
		loop := url.Values{}
		for k, v := range form {
			loop[k] = v
		}
		loop.Set("replaces", strconv.FormatInt(b, 10))
		loop.Set("effective_from", "2025-07-01")
		if code, _, body := f.form(officer, edit, loop); code != 422 || !strings.Contains(body, `data-field="replaces"`) {
			t.Errorf("a loop: %d", code)
		}
		var one struct {
			Version  int     `json:"version"`
			Replaces []int64 `json:"replaces"`
		}
		if f.api(officer, "GET", "/api/v1"+edit, "", &one); one.Version != 1 || len(one.Replaces) != 0 {
			t.Fatalf("the refused loop changed the document: %+v", one)
		}
		if code, h, body := f.form(officer, edit, form); code != 303 || !strings.HasPrefix(h.Get("Location"), edit) {
			t.Fatalf("save: %d %s", code, body)
		}
		if f.api(officer, "GET", "/api/v1"+edit, "", &one); one.Version != 2 {
			t.Errorf("version %d after a new text, want 2", one.Version)
		}
		_, page = f.get(viewer, edit+"?as_of=2024-06-01")
		keys := regexp.MustCompile(`data-key="reg\.hist\.([a-z]+)"`).FindAllStringSubmatch(string(page), -1)
		var got []string
		for _, k := range keys {
			got = append(got, k[1])
		}
		if strings.Join(got, " ") != "signed effective amendedby replacedby version" {
			t.Errorf("history: %v", got)
		}
		if !strings.Contains(string(page), `07/2025/QĐ-UBND</a> Quy chế mới <span class="badge">`) {
			t.Error("the replacement after the as-of day is not marked upcoming")
		}
	})
}
