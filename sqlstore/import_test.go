package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/importer"
	"canbo/importer/importtest"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// importRows reads a generated workbook the way the web and the command line do: detect the
// header, match unit names among the units ctx sees under a unit on a day.
func importRows(t testing.TB, db *sqlstore.DB, ctx context.Context, data []byte, under int64, asOf string) ([]canbo.ImportRow, []canbo.ImportProblem) {
	t.Helper()
	book, err := importer.Read(data, importer.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := importer.Detect(book.Sheets[0])
	if !ok {
		t.Fatal("no header")
	}
	units, _, err := db.FindUnits(ctx, canbo.UnitFilter{Under: under, AsOf: date(asOf), Limit: sqlstore.MaxUnits})
	if err != nil {
		t.Fatal(err)
	}
	return importer.Parse(book, []*importer.Layout{l}, importer.Options{AsOf: date(asOf), Now: time.Now(), Units: importer.NewUnits(units)})
}

func peopleNamed(t *testing.T, db *sqlstore.DB, unit int64, on string) string {
	t.Helper()
	people, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: unit, AsOf: date(on)})
	if err != nil {
		t.Fatal(err)
	}
	return fullNames(people)
}

var importBanners = []importtest.Banner{
	{Name: "Phường Bến Nghé", People: []importtest.Person{
		{Name: "Nguyễn Văn Đức", Birth: "02/09/1965", Identity: "079065000123", StaffCode: "BN-1", Title: "Chủ tịch", StaffType: "Cán bộ", TCVN3: true},
		{Name: "TRẦN THỊ ÁNH", Female: true, Birth: 29404.0, StaffCode: "BN-2", Title: "Chuyên viên", StaffType: "Công chức"},
	}},
	{Name: "Đa Kao", People: []importtest.Person{
		{Name: "Lê Văn Bình", Birth: 1975, StaffCode: "DK-7", Title: "Phó Chủ tịch", StaffType: "Công chức"},
		{Name: "Phạm Thị Hoa", Female: true, Birth: "3/1982", StaffCode: "DK-8", Title: "Văn thư", StaffType: "Viên chức"},
	}},
}

func TestImportPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{tr.d1},
			Grants: []string{canbo.GrantIdentity}})
		data, _ := importtest.Field(t, importBanners)
		rows, problems := importRows(t, db, officer, data, tr.d1, "2025-06-01")
		if len(problems) != 0 {
			t.Fatalf("problems: %+v", problems)
		}
		dry, err := db.ImportPeople(officer, rows, canbo.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if dry.Imported != 4 || dry.Errors != 0 || dry.Written {
			t.Errorf("dry run = %+v, want 4 to import, nothing written", dry)
		}
		if n := countPeople(t, db); n != 0 {
			t.Fatalf("the dry run wrote %d rows", n)
		}
		var progress []int
		res, err := db.ImportPeople(officer, rows, canbo.ImportOptions{File: "ds.xlsx", Hash: "abc123", Progress: func(done, total int) { progress = append(progress, done) }})
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 4 || !res.Written || len(progress) == 0 || progress[len(progress)-1] != 4 {
			t.Errorf("apply = %+v, progress %v", res, progress)
		}
		if got, want := peopleNamed(t, db, tr.w1, "2025-06-01"), "Trần Thị Ánh, Nguyễn Văn Đức"; got != want {
			t.Errorf("under Bến Nghé: %q, want %q", got, want)
		}
		if got, want := peopleNamed(t, db, tr.w2, "2025-06-01"), "Lê Văn Bình, Phạm Thị Hoa"; got != want {
			t.Errorf("under Đa Kao: %q, want %q", got, want)
		}
		if _, n, err := db.AuditEvents(sys, audit.Filter{Action: "person.import"}); err != nil || n != 1 {
			t.Errorf("import audit events = %d, %v, want 1", n, err)
		}
		// The same file again changes nothing.
		again, err := db.ImportPeople(officer, rows, canbo.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Unchanged != 4 || again.Imported+again.Updated != 0 {
			t.Errorf("re-import = %+v, want 4 unchanged", again)
		}
		if n := countPeople(t, db); n != 8 {
			t.Errorf("%d people and posts after re-import, want 8", n)
		}
		// A corrected file updates by identity number and staff code.
		fixed := []importtest.Banner{{Name: "Phường Bến Nghé", People: []importtest.Person{
			{Name: "Nguyễn Văn Đức", Birth: "02/09/1965", Identity: "079065000123", StaffCode: "BN-1", Title: "Bí thư", StaffType: "Cán bộ"},
			{Name: "Trần Thị Ánh", Female: true, Birth: "02/07/1980", StaffCode: "BN-2", Title: "Chuyên viên", StaffType: "Công chức"},
		}}}
		data2, _ := importtest.Field(t, fixed)
		rows2, _ := importRows(t, db, officer, data2, tr.d1, "2025-06-01")
		upd, err := db.ImportPeople(officer, rows2, canbo.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if upd.Updated != 1 || upd.Unchanged != 1 {
			t.Errorf("corrected import = %+v, want 1 updated (a new post), 1 unchanged", upd)
		}
	})
}

func TestImportRefusesAndWritesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{tr.d1}})
		banners := append([]importtest.Banner{}, importBanners...)
		banners = append(banners, importtest.Banner{Name: "Phường Võ Thị Sáu", People: []importtest.Person{
			{Name: "Hồ Văn Phúc", Birth: "1980", Title: "Chuyên viên"}}})
		banners[1].People = append(banners[1].People, importtest.Person{Name: "Đinh Văn Khoa", Birth: "1990", StaffCode: "DK-7", Title: "Chuyên viên"})
		data, at := importtest.Field(t, banners)
		// Units read system-wide so the out-of-scope ward resolves: the store must refuse it.
		rows, problems := importRows(t, db, sys, data, tr.province, "2025-06-01")
		if len(problems) != 0 {
			t.Fatalf("problems: %+v", problems)
		}
		res, err := db.ImportPeople(officer, rows, canbo.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		byRow := map[int]canbo.ImportProblem{}
		for _, p := range res.Problems {
			byRow[p.Row] = p
		}
		// The identity-number grant is missing too: the first person's number is refused.
		if p := byRow[at[0]]; p.Field != "identity_number" || p.Cell != "E"+strconv.Itoa(at[0]) {
			t.Errorf("row %d: %+v, want the identity number refused", at[0], p)
		}
		if p := byRow[at[4]]; p.Field != "staff_code" || !strings.Contains(p.Message, strconv.Itoa(at[2])) {
			t.Errorf("row %d: %+v, want the staff code named as already in row %d", at[4], p, at[2])
		}
		if p := byRow[at[5]]; p.Field != "post.unit_id" || p.Cell == "" || !strings.Contains(p.Message, "Đơn vị «Phường Võ Thị Sáu» nằm ngoài phạm vi quản lý") {
			t.Errorf("row %d (out of scope): %+v, want the unit refused", at[5], p)
		}
		if res.Written || countPeople(t, db) != 0 {
			t.Errorf("a refused import wrote: %+v", res)
		}
		if _, n, _ := db.AuditEvents(sys, audit.Filter{Action: "person.import"}); n != 0 {
			t.Errorf("a refused import was audited as done")
		}
	})
}

func TestImportCancelledMidwayWritesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		var banners []importtest.Banner
		b := importtest.Banner{Name: "Phường Bến Nghé"}
		for i := 0; i < 600; i++ {
			b.People = append(b.People, importtest.Person{Name: "Nguyễn Văn An", Birth: 1970 + i%30, StaffCode: "X" + strconv.Itoa(i), Title: "Chuyên viên"})
		}
		banners = append(banners, b)
		data, _ := importtest.Field(t, banners)
		rows, problems := importRows(t, db, sys, data, tr.province, "2025-06-01")
		if len(problems) != 0 {
			t.Fatal(problems)
		}
		ctx, cancel := context.WithCancel(sys)
		_, err := db.ImportPeople(ctx, rows, canbo.ImportOptions{Progress: func(done, total int) {
			if done >= 400 {
				cancel() // the process dies here: the transaction never commits
			}
		}})
		if err == nil {
			t.Fatal("a cancelled import succeeded")
		}
		if n := countPeople(t, db); n != 0 {
			t.Errorf("%d people written by a cancelled import", n)
		}
	})
}
