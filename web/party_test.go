package web_test

import (
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPartyHealthAndStatsAPI: the health list and the statistics of a party committee, scoped
// to the caller, and their pages (chart drawn on the server, Excel export).
func TestPartyHealthAndStatsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		mk := func(name, code, kind string, parent int64) int64 {
			ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2000-01-01"),
				New: &canbo.NewUnit{Hierarchy: canbo.Party, Name: name, Code: code, Kind: kind, ParentID: parent}})
			if err != nil {
				t.Fatal(err)
			}
			return ev.Links[0].UnitID
		}
		city := mk("Đảng bộ Thành phố", "TU", "thanh_uy", 0)
		ward := mk("Đảng ủy phường Sài Gòn", "DU", "dang_uy", city)
		cell := mk("Chi bộ Khu phố 1", "CB1", "chi_bo_truc_thuoc", ward)
		for i, full := range []string{"2016-01-01", "2016-01-01", ""} {
			p := &canbo.Person{FamilyName: "Đỗ", MiddleName: "Thị", GivenName: fmt.Sprintf("Hoa %c", 'A'+i), Sex: canbo.Female, BirthDate: "1995-01-01"}
			if err := db.CreatePerson(sys, p, nil, &canbo.Membership{AdmittedOn: "2015-01-01", FullOn: full,
				Cells: []canbo.CellPeriod{{CellID: cell, From: "2015-01-01"}}}); err != nil {
				t.Fatal(err)
			}
		}
		var health struct {
			Items []canbo.HealthItem `json:"items"`
		}
		if code, out := f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/party/health?under=%d&as_of=2025-06-30", ward), "", &health); code != 200 {
			t.Fatalf("health: %d %s", code, out)
		}
		found := false
		for _, it := range health.Items {
			found = found || (it.UnitID == cell && it.Problem == "few_full_members" && it.FullMembers == 2 && it.Members == 3)
		}
		if !found {
			t.Errorf("health: %+v", health.Items)
		}
		var st map[string]any
		if code, out := f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/party/stats?under=%d&as_of=2025-06-30&from=2015-01-01&to=2015-12-31", ward), "", &st); code != 200 {
			t.Fatalf("stats: %d %s", code, out)
		}
		if st["members"] != 3.0 || st["full"] != 2.0 || st["probationary"] != 1.0 || st["women"] != 3.0 || st["cells"] != 1.0 || st["admitted"] != 3.0 {
			t.Errorf("stats: %v", st)
		}
		if _, ok := st["ethnicity"]; !ok {
			t.Error("the administrator sees ethnicity")
		}
		// A viewer scoped to another ward's territory sees neither; one without the grant no ethnicity.
		other := f.user("other", canbo.RoleViewer, []int64{f.w1})
		if code, _ := f.api(other, "GET", fmt.Sprintf("/api/v1/party/stats?under=%d", ward), "", nil); code != 400 && code != 404 {
			t.Errorf("stats outside the scope: %d", code)
		}
		viewer := f.user("viewer", canbo.RoleViewer, []int64{ward})
		st = nil
		if code, out := f.api(viewer, "GET", fmt.Sprintf("/api/v1/party/stats?under=%d&as_of=2025-06-30", ward), "", &st); code != 200 {
			t.Fatalf("viewer stats: %d %s", code, out)
		}
		if _, ok := st["ethnicity"]; ok || st["members"] != 3.0 {
			t.Errorf("viewer without the grant: %v", st)
		}
		for _, page := range []string{"/party/stats", "/party/health", "/party/stats.xlsx"} {
			code, out := f.api(f.adminTok, "GET", fmt.Sprintf("%s?under=%d&as_of=2025-06-30", page, ward), "", nil)
			want := map[string]string{"/party/stats": "<rect", "/party/health": "few_full_members", "/party/stats.xlsx": "PK"}[page]
			if code != 200 || !strings.Contains(out, want) {
				t.Errorf("%s: %d, want %q in %.300s", page, code, want, out)
			}
		}
		if code, out := f.api(f.adminTok, "GET", "/api/v1/party/health", "", nil); code != 400 || !strings.Contains(out, "under") {
			t.Errorf("health without under: %d %s", code, out)
		}
	})
}
