package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// partyCSV is a list with the party columns (admission, full membership, cell, card) and a
// post's last day, one row per line after the header.
func partyCSV(rows ...string) []byte {
	return []byte("Họ và tên;Giới tính;Ngày sinh;Số hiệu cán bộ;Đơn vị;Chức vụ;Ngày vào Đảng;Ngày chính thức;Chi bộ;Số thẻ đảng viên;Ngày bổ nhiệm;Đến ngày\n" +
		strings.Join(rows, "\n") + "\n")
}

// applyImport reads a file with the units seen by unitsCtx under a unit, and imports it as
// ctx, failing the test on a problem of the file itself.
func applyImport(t *testing.T, db *sqlstore.DB, unitsCtx, ctx context.Context, data []byte, under int64) *canbo.ImportResult {
	t.Helper()
	rows, problems := importRows(t, db, unitsCtx, data, under, "2025-06-01")
	if len(problems) != 0 {
		t.Fatalf("problems: %+v", problems)
	}
	res, err := db.ImportPeople(ctx, rows, canbo.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func tableCount(t *testing.T, db *sqlstore.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportPartyColumns: the party columns become a membership with its first cell period for
// a new person and for a stored one without a membership; a second import is unchanged; bad
// party cells are refused on their cells — a partial day, a missing cell, a cell outside the
// caller's scope, an admission day that differs from the
// record — and nothing is written. A post with a last day is recorded as ended (its holder
// stays visible through the cell). Both engines.
func TestImportPartyColumns(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		committee := create(t, db, "2000-01-01", "Đảng ủy Phường Bến Nghé", "", "dang_uy", 0)
		create(t, db, "2000-01-01", "Chi bộ Khu phố 1", "", "chi_bo_truc_thuoc", committee)
		other := create(t, db, "2000-01-01", "Đảng ủy Phường Võ Thị Sáu", "", "dang_uy", 0)
		create(t, db, "2000-01-01", "Chi bộ Khu phố 9", "", "chi_bo_truc_thuoc", other)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{tr.d1, committee}})
		good := partyCSV(
			"Nguyễn Văn An;Nam;02/09/1975;P-1;Phường Bến Nghé;Chuyên viên;03/02/2010;03/02/2011;Chi bộ Khu phố 1;12345678;;",
			"Trần Thị Bình;Nữ;1980;P-2;Phường Đa Kao;Văn thư;;;;;;",
			"Lê Văn Cường;Nam;1970;P-3;Phường Đa Kao;Phó Chủ tịch;01/01/1995;;Chi bộ Khu phố 1;;01/01/2020;30/06/2024",
		)
		apply := func(data []byte) *canbo.ImportResult { return applyImport(t, db, sys, officer, data, 0) }
		if res := apply(good); res.Imported != 3 || res.Errors != 0 {
			t.Fatalf("import = %+v", res)
		}
		if m, c := tableCount(t, db, "party_members"), tableCount(t, db, "party_cells"); m != 2 || c != 2 {
			t.Errorf("party_members %d, party_cells %d, want 2, 2", m, c)
		}
		var admitted, full, card string
		if err := db.SQL().QueryRow(`SELECT admitted_on, full_on, card_number FROM party_members WHERE card_number <> ''`).Scan(&admitted, &full, &card); err != nil ||
			admitted != "2010-02-03" || full != "2011-02-03" || card != "12345678" {
			t.Errorf("membership = %s %s %s, %v", admitted, full, card, err)
		}
		var ended int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM posts WHERE valid_to = '2024-06-30'`).Scan(&ended); err != nil || ended != 1 {
			t.Errorf("ended posts = %d, %v, want 1", ended, err)
		}
		if res := apply(good); res.Unchanged != 3 {
			t.Errorf("re-import = %+v, want 3 unchanged", res)
		}
		// Bình is admitted by a later list; a new card number for An is taken.
		later := partyCSV(
			"Nguyễn Văn An;Nam;02/09/1975;P-1;Phường Bến Nghé;Chuyên viên;03/02/2010;;Chi bộ Khu phố 1;87654321;;",
			"Trần Thị Bình;Nữ;1980;P-2;Phường Đa Kao;Văn thư;19/05/2015;;Chi bộ Khu phố 1;;;",
		)
		if res := apply(later); res.Updated != 2 {
			t.Errorf("later list = %+v, want 2 updated", res)
		}
		if m := tableCount(t, db, "party_members"); m != 3 {
			t.Errorf("party_members %d, want 3", m)
		}

		before := [3]int{tableCount(t, db, "people"), tableCount(t, db, "party_members"), tableCount(t, db, "party_cells")}
		bad := partyCSV(
			"Phạm Văn Dũng;Nam;1980;P-4;Phường Bến Nghé;Chuyên viên;2010;;Chi bộ Khu phố 1;;;",
			"Võ Thị Em;Nữ;1981;P-5;Phường Bến Nghé;Chuyên viên;03/02/2010;;;;;",
			"Đặng Văn Giang;Nam;1982;P-6;Phường Bến Nghé;Chuyên viên;03/02/2010;;Chi bộ Khu phố 9;;;",
			"Nguyễn Văn An;Nam;02/09/1975;P-1;Phường Bến Nghé;Chuyên viên;04/02/2010;;Chi bộ Khu phố 1;;;",
		)
		rows, problems := importRows(t, db, sys, bad, 0, "2025-06-01")
		res, err := db.ImportPeople(officer, rows, canbo.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		problems = append(problems, res.Problems...)
		got := map[int]string{}
		for _, p := range problems {
			got[p.Row] = p.Field + "@" + p.Cell
		}
		want := map[int]string{2: "party.admitted_on@G2", 3: "party.cell_id@I3", 4: "party.cell_id@I4", 5: "party.admitted_on@G5"}
		for row, w := range want {
			if got[row] != w {
				t.Errorf("row %d: %q, want %q (all: %+v)", row, got[row], w, problems)
			}
		}
		for _, p := range problems {
			if p.Row == 4 && !strings.Contains(p.Message, "Chi bộ «Chi bộ Khu phố 9» nằm ngoài phạm vi quản lý") {
				t.Errorf("the cell outside the officer's scope: %q, want it named as outside the scope", p.Message)
			}
		}
		after := [3]int{tableCount(t, db, "people"), tableCount(t, db, "party_members"), tableCount(t, db, "party_cells")}
		if res.Written || after != before {
			t.Errorf("a refused import wrote: %v → %v", before, after)
		}
	})
}

// TestImportEndedPostAgain: an officer imports a person whose only post has ended, so the
// officer no longer sees them today; the same file again recognises them through that post
// and reports them unchanged, while a row that would change the record is refused on its
// staff code (writes need today's visibility) and nothing is written. Both engines.
func TestImportEndedPostAgain(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{tr.d1}})
		apply := func(data []byte) *canbo.ImportResult { return applyImport(t, db, officer, officer, data, tr.d1) }
		file := partyCSV(
			"Hồ Văn Tâm;Nam;1960;R-1;Phường Bến Nghé;Chủ tịch;;;;;01/01/2015;31/12/2020",
			"Đỗ Thị Lan;Nữ;1985;R-2;Phường Đa Kao;Văn thư;;;;;;",
		)
		if res := apply(file); res.Imported != 2 || res.Errors != 0 {
			t.Fatalf("first import = %+v", res)
		}
		if res := apply(file); res.Unchanged != 2 || res.Errors != 0 {
			t.Errorf("the same file again = %+v, want 2 unchanged", res)
		}
		before := tableCount(t, db, "people") + tableCount(t, db, "posts")
		res := apply(partyCSV("Hồ Văn Tâm;Nam;1960;R-1;Phường Bến Nghé;Chủ tịch;;;;;01/01/2015;31/12/2021"))
		if len(res.Problems) != 1 || res.Problems[0].Field != "staff_code" || !strings.Contains(res.Problems[0].Message, "chức vụ đã kết thúc") {
			t.Errorf("a change to a record seen only through an ended post = %+v, want it refused on the staff code", res)
		}
		if after := tableCount(t, db, "people") + tableCount(t, db, "posts"); res.Written || after != before {
			t.Errorf("a refused import wrote: %d → %d rows", before, after)
		}
	})
}

// TestImportBatches: a file longer than a batch, half of it stored already, with party
// columns on every third row: the stored half is unchanged, the rest is created with its
// post, membership, cell period and search words, and the ids taken for the new people do
// not collide with a person created afterwards. Both engines.
func TestImportBatches(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		smallTree(t, db)
		committee := create(t, db, "2000-01-01", "Đảng ủy Phường Bến Nghé", "", "dang_uy", 0)
		create(t, db, "2000-01-01", "Chi bộ Khu phố 1", "", "chi_bo_truc_thuoc", committee)
		lines := make([]string, 1100)
		for i := range lines {
			party := ";;;"
			if i%3 == 0 {
				party = fmt.Sprintf("03/02/%d;;Chi bộ Khu phố 1;%08d", 2000+i%20, i)
			}
			lines[i] = fmt.Sprintf("Nguyễn Văn Bình;Nam;%d;B-%d;Phường Bến Nghé;Chuyên viên;%s;;", 1960+i%30, i, party)
		}
		apply := func(data []byte) *canbo.ImportResult { return applyImport(t, db, sys, sys, data, 0) }
		if res := apply(partyCSV(lines[:600]...)); res.Imported != 600 || res.Errors != 0 {
			t.Fatalf("first half = %+v", res)
		}
		if res := apply(partyCSV(lines...)); res.Imported != 500 || res.Unchanged != 600 || res.Errors != 0 {
			t.Fatalf("whole file = %+v, want 500 imported, 600 unchanged", res)
		}
		for table, want := range map[string]int{"people": 1100, "posts": 1100, "party_members": 367, "party_cells": 367} {
			if n := tableCount(t, db, table); n != want {
				t.Errorf("%s: %d rows, want %d", table, n, want)
			}
		}
		people, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Q: "B-1099", AsOf: date("2025-06-01")})
		if err != nil || len(people) != 1 {
			t.Errorf("search by the last row's staff code: %d people, %v", len(people), err)
		}
		if res := apply(partyCSV(lines...)); res.Unchanged != 1100 {
			t.Errorf("again = %+v, want 1100 unchanged", res)
		}
		p := &canbo.Person{FamilyName: "Trần", GivenName: "Hà", Sex: canbo.Female, BirthDate: "1990"}
		if err := db.CreatePerson(sys, p, nil, nil); err != nil || p.ID == 0 {
			t.Errorf("a person created after the import: %v", err)
		}
	})
}
