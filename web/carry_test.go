package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

type idList struct {
	Items []struct {
		ID int64 `json:"id"`
	} `json:"items"`
}

func (l idList) has(id int64) bool {
	for _, it := range l.Items {
		if it.ID == id {
			return true
		}
	}
	return false
}

// TestAPIEventsCarryPeople: a merge carries its people to the target from the event's day; a
// dissolution with people unplaced answers 400, names them and writes nothing.
func TestAPIEventsCarryPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		mk := func(name string, unit int64) int64 {
			p := &canbo.Person{FamilyName: "Phạm", MiddleName: "Văn", GivenName: name, Sex: canbo.Male, BirthDate: "1980-01-01"}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: unit, Title: "Chuyên viên", From: "2015-01-01", Primary: true}, nil); err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		a, b := mk("An", f.w1), mk("Bình", f.w3)
		body := fmt.Sprintf(`{"kind":"merge","date":"2025-07-01","document":{"number":"1656/NQ-UBTVQH15"},"sources":[{"unit_id":%d}],"targets":[{"unit_id":%d}]}`, f.w1, f.w2)
		if code, out := f.api(f.adminTok, "POST", "/api/v1/events", body, nil); code != 201 {
			t.Fatalf("merge: %d %s", code, out)
		}
		var before, after, old idList
		f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/people?under=%d&as_of=2025-06-30", f.w2), "", &before)
		f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/people?under=%d&as_of=2025-07-01", f.w2), "", &after)
		f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/people?under=%d&as_of=2025-07-01", f.w1), "", &old)
		if before.has(a) || !after.has(a) || old.has(a) {
			t.Errorf("carried person: before %v, after %v, under the ended ward %v", before, after, old)
		}
		body = fmt.Sprintf(`{"kind":"dissolve","date":"2025-07-01","unit_id":%d}`, f.w3)
		code, out := f.api(f.adminTok, "POST", "/api/v1/events", body, nil)
		if code != 400 || !strings.Contains(out, "Còn 1 người") || !strings.Contains(out, "Phạm Văn Bình") {
			t.Fatalf("dissolve with a person: %d %s", code, out)
		}
		var still idList
		f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/people?under=%d&as_of=2025-07-01", f.w3), "", &still)
		if !still.has(b) {
			t.Fatal("the refused dissolution wrote")
		}
		body = fmt.Sprintf(`{"kind":"dissolve","date":"2025-07-01","unit_id":%d,"placements":[{"person_id":%d,"unit_id":%d}]}`, f.w3, a, f.w2)
		if code, out := f.api(f.adminTok, "POST", "/api/v1/events", body, nil); code != 400 || !strings.Contains(out, "Phạm Văn An") {
			t.Errorf("placement of someone not there: %d %s", code, out)
		}
		body = fmt.Sprintf(`{"kind":"dissolve","date":"2025-07-01","unit_id":%d,"placements":[{"person_id":%d,"unit_id":%d}]}`, f.w3, b, f.w2)
		if code, out := f.api(f.adminTok, "POST", "/api/v1/events", body, nil); code != 201 {
			t.Fatalf("dissolve with placements: %d %s", code, out)
		}
		var tl struct {
			Posts []canbo.Post `json:"posts"`
		}
		f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/people/%d/timeline", a), "", &tl)
		if len(tl.Posts) == 0 || tl.Posts[0].Carried == nil || tl.Posts[0].Carried.Document.Number != "1656/NQ-UBTVQH15" {
			t.Errorf("timeline of a carried person: %+v", tl.Posts)
		}
	})
}

// TestEventFormPlacesPeople: the event form's preview of a dissolution lists the people still
// there with a field each; saving with each placed carries them.
func TestEventFormPlacesPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		p := &canbo.Person{FamilyName: "Phạm", MiddleName: "Văn", GivenName: "Cường", Sex: canbo.Male, BirthDate: "1980-01-01"}
		if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w3, Title: "Chuyên viên", From: "2015-01-01", Primary: true}, nil); err != nil {
			t.Fatal(err)
		}
		form := func(path string, v url.Values) (int, string) {
			req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(v.Encode()))
			req.Header.Set("Authorization", "Bearer "+f.adminTok)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		v := url.Values{"kind": {"dissolve"}, "h": {"territory"}, "date": {"01/07/2025"}, "unit": {fmt.Sprintf("#%d", f.w3)}}
		code, out := form("/org/events/preview", v)
		field := fmt.Sprintf(`name="place_%d"`, p.ID)
		if code != 200 || !strings.Contains(out, "Còn 1 người") || !strings.Contains(out, field) || !strings.Contains(out, "Phạm Văn Cường") {
			t.Fatalf("preview: %d %s", code, out)
		}
		v.Set(fmt.Sprintf("place_%d", p.ID), fmt.Sprintf("#%d", f.w2))
		code, out = form("/org/events/preview", v)
		if code != 200 || !strings.Contains(out, "Phường Võ Thị Sáu → Phường Đa Kao: 1 chức vụ") {
			t.Fatalf("preview with the placement: %d %s", code, out)
		}
		if code, out := form("/org/events", v); code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", code, out)
		}
		var list idList
		f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/people?under=%d&as_of=2025-07-01", f.w2), "", &list)
		if !list.has(p.ID) {
			t.Errorf("placed person not under the receiving ward: %v", list)
		}
	})
}
