package web_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

type cleaningAnswer struct {
	Kinds    []string       `json:"kinds"`
	Counts   map[string]int `json:"counts"`
	Total    int            `json:"total"`
	Findings []struct {
		Kind   string `json:"kind"`
		People []struct {
			ID             int64    `json:"id"`
			FullName       string   `json:"full_name"`
			IdentityNumber string   `json:"identity_number"`
			Units          []string `json:"units"`
		} `json:"people"`
		Reasons []string `json:"reasons"`
		Score   int      `json:"score"`
	} `json:"findings"`
}

// grantedUser creates an account with grants and returns an API token for it.
func (f *fixture) grantedUser(name string, role canbo.Role, scope []int64, grants ...string) string {
	f.t.Helper()
	hash, err := auth.HashPassword("mật khẩu dài")
	if err != nil {
		f.t.Fatal(err)
	}
	u := &canbo.User{Username: name, Role: role, Scope: scope, Grants: grants}
	if err := f.db.CreateUser(sys, u, hash); err != nil {
		f.t.Fatal(err)
	}
	tok := auth.NewToken()
	if err := f.db.CreateToken(context.Background(), auth.TokenHash(tok), u.ID, "test", time.Now()); err != nil {
		f.t.Fatal(err)
	}
	return tok
}

func TestCleaningReport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ids := map[string]int64{}
		for _, p := range []struct {
			label, family, middle, given, birth, id string
			sex                                     canbo.Sex
			unit                                    int64
		}{
			{"A1", "Nguyễn", "Văn", "Hùng", "1965-09-02", "", canbo.Male, f.w1},
			{"A2", "Nguyễn", "Văn", "Hùngg", "1965-09-02", "", canbo.Male, f.w2},
			{"H1", "Bùi", "Văn", "Tài", "1960-06-06", "", canbo.Male, f.w1},
			{"H2", "Bùi", "Văn", "Tài", "1960", "", canbo.Male, f.w3},
			{"J", "Đinh", "Thị", "Thu", "1972-02-02", "079072000303", canbo.Female, f.w1},
		} {
			person := &canbo.Person{FamilyName: p.family, MiddleName: p.middle, GivenName: p.given, Sex: p.sex, BirthDate: p.birth, IdentityNumber: p.id}
			post := &canbo.Post{UnitID: p.unit, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}
			if err := db.CreatePerson(sys, person, post, nil); err != nil {
				t.Fatal(err)
			}
			ids[p.label] = person.ID
		}
		d1 := strconv.FormatInt(f.d1, 10)
		officer := f.user("officer", canbo.RoleOfficer, []int64{f.d1})
		granted := f.grantedUser("granted", canbo.RoleOfficer, []int64{f.d1}, canbo.GrantIdentity)
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.d1})

		t.Run("api", func(t *testing.T) {
			var a cleaningAnswer
			if code, b := f.api(officer, "GET", "/api/v1/cleaning", "", &a); code != 200 {
				t.Fatalf("officer: %d %s", code, b)
			}
			if strings.Join(a.Kinds, ",") != "duplicate,name" || a.Total != 1 || len(a.Findings) != 1 {
				t.Fatalf("officer sees %+v", a)
			}
			x := a.Findings[0]
			if x.People[0].ID != ids["A1"] || x.People[1].ID != ids["A2"] || x.People[1].Units[0] != "Phường Đa Kao" ||
				!strings.HasPrefix(x.Reasons[0], "Tên khác một ký tự") {
				t.Errorf("finding %+v", x)
			}
			if code, b := f.api(officer, "GET", "/api/v1/cleaning?kind=identity", "", nil); code != 403 {
				t.Errorf("identity without grant: %d %s", code, b)
			}
			if code, _ := f.api(officer, "GET", "/api/v1/cleaning?under="+strconv.FormatInt(f.w3, 10), "", nil); code != 404 {
				t.Errorf("under a ward out of scope: %d", code)
			}
			if code, b := f.api(officer, "GET", "/api/v1/cleaning?kind=typo", "", nil); code != 400 || !strings.Contains(b, `"field":"kind"`) {
				t.Errorf("bad kind: %d %s", code, b)
			}
			if code, _ := f.api(viewer, "GET", "/api/v1/cleaning", "", nil); code != 403 {
				t.Errorf("viewer: %d", code)
			}
			a = cleaningAnswer{}
			if code, b := f.api(granted, "GET", "/api/v1/cleaning?kind=identity&under="+d1, "", &a); code != 200 {
				t.Fatalf("granted: %d %s", code, b)
			}
			if a.Counts["duplicate"] != 1 || len(a.Findings) != 1 || a.Findings[0].People[0].IdentityNumber != "079072000303" {
				t.Errorf("granted sees %+v", a)
			}
			// The administrator sees the pair across districts too.
			a = cleaningAnswer{}
			f.api(f.adminTok, "GET", "/api/v1/cleaning?kind=duplicate", "", &a)
			if a.Total != 2 {
				t.Errorf("admin sees %d duplicates, want 2", a.Total)
			}
		})

		t.Run("page", func(t *testing.T) {
			code, body := f.api(officer, "GET", "/cleaning?under="+d1, "", nil)
			if code != 200 || !strings.Contains(body, "Rà soát dữ liệu") || !strings.Contains(body, "/people/"+strconv.FormatInt(ids["A2"], 10)) ||
				strings.Contains(body, "Bùi Văn Tài") || strings.Contains(body, `data-kind="identity"`) || !strings.Contains(body, `<option value="`+d1+`" selected>Quận 1</option>`) {
				t.Errorf("page: %d %s", code, body)
			}
			code, body = f.api(granted, "GET", "/cleaning?kind=identity", "", nil)
			if code != 200 || !strings.Contains(body, "079072000303") || !strings.Contains(body, "Số định danh không khớp (1)") {
				t.Errorf("identity tab: %d %s", code, body)
			}
			if code, _ := f.api(viewer, "GET", "/cleaning", "", nil); code != 403 {
				t.Errorf("viewer page: %d", code)
			}
		})

		t.Run("export is audited", func(t *testing.T) {
			req, _ := http.NewRequest("GET", f.srv.URL+"/cleaning.csv?kind=duplicate", nil)
			req.Header.Set("Authorization", "Bearer "+officer)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if res.StatusCode != 200 || !strings.HasPrefix(lines[0], "\ufeffloại,điểm") || strings.Contains(lines[0], "định danh") ||
				len(lines) != 2 || !strings.Contains(lines[1], "Nguyễn Văn Hùngg") {
				t.Errorf("export: %d %q", res.StatusCode, lines)
			}
			evs, _, err := db.AuditEvents(sys, audit.Filter{Action: "export", Entity: "cleaning"})
			if err != nil || len(evs) != 1 || evs[0].Username != "officer" || evs[0].EntityID != "kind=duplicate" {
				t.Errorf("export events %+v %v", evs, err)
			}
		})
	})
}
