package web_test

import (
	"fmt"
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
